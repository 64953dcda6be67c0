// <jam-widget>: a JamSesh jam kit in any web page.
//
//   <script type="module" src="/assets/jam-widget.js"></script>
//   <jam-widget prompt="slow blues in E" seed="17" theme="dark" api="https://example.org"></jam-widget>
//
// Attributes: prompt, seed, theme (light|dark; the reader's preference when absent), autoplay
// (off unless present), api (base URL of a `jamsesh serve`; "" means this page's own server),
// backend (the server's composer with `api`: llm, the default, hybrid, intent or engine).
// With `api`, jams, new melodies and harmonies are asked of the server's LLM backend first and
// composed in the browser (WebAssembly) when the server cannot answer (no LLM configured, down,
// rate-limited); the widget says which one was used. Everything else — engraving,
// chord voicings, playback — runs in the browser, falling back to the server when the
// WebAssembly module cannot load.
//
// Properties: `jam` (the current jam, the same JSON as `jamsesh jam --format json`), `engine`
// ("server" or "browser"). Events: `jam` (detail: {jam, engine}) after every change.

const MODULE_URL = new URL('./jamsesh_wasm.js', import.meta.url);

/** Loads the WebAssembly engine once; resolves to the module or rejects. */
let wasmPromise = null;
function loadWasm() {
  if (!wasmPromise) {
    wasmPromise = import(MODULE_URL.href).then(async (m) => {
      await m.default();
      return m;
    });
    // A failed load may be retried by the next call.
    wasmPromise.catch(() => { wasmPromise = null; });
  }
  return wasmPromise;
}

/** An error from the server or the engine, with the engine's code when there is one. */
/** What was read from the prompt, short: `reggae + funk · A minor · 66 bpm · not a style I know
 * yet: … · steered: higher (not understood: wobbly)`. */
function understoodLine(u) {
  if (!u) return '';
  const value = (k) => (u[k] ? u[k][0] : null);
  const steered = u.steer ? `steered: ${u.steer[0]}`
    + (u.steer_unknown && u.steer_unknown.length ? ` (not understood: ${u.steer_unknown.join(', ')})` : '') : null;
  return [value('style'), u.colour ? `+ ${u.colour[0]}` : null, value('key'), value('meter'),
    u.tempo ? `${u.tempo[0]} bpm` : null, u.bars ? `${u.bars[0]} bars` : null,
    value('instrument'), value('mood'), u.note || null, steered].filter(Boolean).join(' · ');
}

class JamError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code || 'error';
    this.status = status || 0;
  }
}

const PART_SOUND = {
  melody: { type: 'triangle', gain: 0.32, attack: 0.008, release: 0.09, sustain: 0.65 },
  harmony: { type: 'sine', gain: 0.2, attack: 0.01, release: 0.09, sustain: 0.7 },
  chords: { type: 'sine', gain: 0.07, attack: 0.02, release: 0.15, sustain: 0.6 },
  bass: { type: 'triangle', gain: 0.28, attack: 0.006, release: 0.07, sustain: 0.8 },
};

/** The play-along kit's sounds by General MIDI percussion key: a tone falling from `from` to
 * `to` Hz, a share of noise (high-passed for metal), a decay time and a level. */
const DRUM_SOUND = {
  kick: { from: 110, to: 45, noise: 0.05, decay: 0.3, level: 0.9 },
  tom: { from: 130, to: 90, noise: 0.1, decay: 0.28, level: 0.5 },
  stick: { from: 400, to: 380, noise: 0.4, decay: 0.05, level: 0.35 },
  snare: { from: 190, to: 160, noise: 0.7, decay: 0.16, level: 0.6 },
  clap: { from: 0, to: 0, noise: 1, decay: 0.12, level: 0.45 },
  hat: { from: 0, to: 0, noise: 1, decay: 0.04, level: 0.22, metal: true },
  openHat: { from: 0, to: 0, noise: 1, decay: 0.3, level: 0.22, metal: true },
  crash: { from: 0, to: 0, noise: 1, decay: 1.2, level: 0.3, metal: true },
  ride: { from: 0, to: 0, noise: 1, decay: 0.5, level: 0.18, metal: true },
  bell: { from: 800, to: 800, noise: 0.1, decay: 0.1, level: 0.25 },
  wood: { from: 2500, to: 2500, noise: 0, decay: 0.04, level: 0.25 },
  shaker: { from: 0, to: 0, noise: 1, decay: 0.06, level: 0.2, metal: true },
};
function drumSound(key) {
  if (key === 35 || key === 36) return DRUM_SOUND.kick;
  if ([41, 43, 45, 47, 48, 50].includes(key)) return DRUM_SOUND.tom;
  if (key === 37) return DRUM_SOUND.stick;
  if (key === 38 || key === 40) return DRUM_SOUND.snare;
  if (key === 39) return DRUM_SOUND.clap;
  if (key === 42 || key === 44) return DRUM_SOUND.hat;
  if (key === 46) return DRUM_SOUND.openHat;
  if (key === 49 || key === 57) return DRUM_SOUND.crash;
  if (key === 51 || key === 53 || key === 59) return DRUM_SOUND.ride;
  if (key === 56) return DRUM_SOUND.bell;
  if (key >= 75 && key <= 77) return DRUM_SOUND.wood;
  return DRUM_SOUND.shaker;
}

/** A small WebAudio synthesizer that schedules a performance and can loop it. */
class Synth {
  constructor() {
    this.ctx = null;
    this.voices = [];
  }

  ensure() {
    if (!this.ctx) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) throw new JamError('this browser has no Web Audio', 'no_audio');
      this.ctx = new Ctx();
      this.comp = this.ctx.createDynamicsCompressor();
      this.comp.connect(this.ctx.destination);
    }
    if (this.ctx.state === 'suspended') this.ctx.resume();
    return this.ctx;
  }

  /** Plays one note at `when` (AudioContext time) for `dur` seconds. */
  note(key, when, dur, part, velocity, out) {
    const ctx = this.ctx;
    const s = PART_SOUND[part] || PART_SOUND.melody;
    const osc = ctx.createOscillator();
    const env = ctx.createGain();
    osc.type = s.type;
    osc.frequency.value = 440 * Math.pow(2, (key - 69) / 12);
    const peak = s.gain * (velocity / 100);
    const end = when + Math.max(dur, 0.03);
    env.gain.setValueAtTime(0, when);
    env.gain.linearRampToValueAtTime(peak, when + s.attack);
    env.gain.setTargetAtTime(peak * s.sustain, when + s.attack, 0.12);
    env.gain.setTargetAtTime(0, end, s.release / 3);
    osc.connect(env).connect(out);
    this.sound(osc, when, end + s.release * 2);
  }

  /** Starts a source at `when`, stops it at `end`, and keeps it until then for `silence`. */
  sound(source, when, end) {
    source.start(when);
    source.stop(end);
    const voice = { osc: source, end };
    this.voices.push(voice);
    source.onended = () => {
      const i = this.voices.indexOf(voice);
      if (i >= 0) this.voices.splice(i, 1);
    };
  }

  /** Strikes one drum (General MIDI percussion `key`) at `when`: a falling tone and noise. */
  drum(key, when, velocity, out) {
    const ctx = this.ctx;
    const d = drumSound(key);
    const peak = d.level * (velocity / 127);
    const end = when + d.decay * 4;
    // `source` sounds through `head` (itself, or a filter it feeds).
    const strike = (source, head, share) => {
      const env = ctx.createGain();
      env.gain.setValueAtTime(peak * share, when);
      env.gain.setTargetAtTime(0, when + 0.002, d.decay / 3);
      head.connect(env).connect(out);
      this.sound(source, when, end);
    };
    if (d.from > 0 && d.noise < 1) {
      const osc = ctx.createOscillator();
      osc.frequency.setValueAtTime(d.from, when);
      osc.frequency.exponentialRampToValueAtTime(d.to, when + Math.min(0.1, d.decay));
      strike(osc, osc, 1 - d.noise);
    }
    if (d.noise > 0) {
      if (!this.noise) {
        this.noise = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
        const data = this.noise.getChannelData(0);
        let seed = 0x9e3779b9;
        for (let i = 0; i < data.length; i++) {
          seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
          data[i] = ((seed >>> 0) / 4294967296) * 2 - 1;
        }
      }
      const src = ctx.createBufferSource();
      src.buffer = this.noise;
      src.loop = true;
      let head = src;
      if (d.metal) {
        head = ctx.createBiquadFilter();
        head.type = 'highpass';
        head.frequency.value = 6000;
        src.connect(head);
      }
      strike(src, head, d.noise);
    }
  }

  /** Stops everything now. */
  silence() {
    for (const v of this.voices.splice(0)) {
      try { v.osc.stop(); } catch (_) { /* already stopped */ }
    }
  }
}

const STYLE = `
:host {
  --bg: #fffdf9; --fg: #1e1b18; --muted: #6d655c; --line: #e4ddd3; --card: #f5f0e8;
  --accent: #c2410c; --accent-fg: #ffffff; --accent-soft: #fde5d6; --now: rgba(234, 88, 12, 0.16);
  --focus: #2563eb; --error: #b91c1c;
  display: block; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 14px; padding: clamp(12px, 3vw, 24px); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  box-shadow: 0 1px 2px rgba(0,0,0,.04), 0 8px 24px rgba(0,0,0,.05); container-type: inline-size;
}
:host([data-theme="dark"]) {
  --bg: #2b2d31; --fg: #ececec; --muted: #a8a8a8; --line: #3f4147; --card: #313338;
  --accent: #fb923c; --accent-fg: #1e1f22; --accent-soft: #4a3527; --now: rgba(251, 146, 60, 0.22);
  --focus: #93c5fd; --error: #fca5a5;
}
* { box-sizing: border-box; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
form.ask { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
form.ask .field { flex: 1 1 260px; display: flex; flex-direction: column; gap: 4px; }
label { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
input[type=text], input[type=number], select {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 9px;
  padding: 9px 11px; min-height: 42px;
}
input[type=number] { width: 8.5em; }
button {
  font: inherit; font-weight: 600; border-radius: 9px; border: 1px solid var(--line); background: var(--card);
  color: var(--fg); padding: 8px 13px; min-height: 40px; cursor: pointer;
}
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); min-height: 42px; padding: 9px 20px; }
button[disabled] { opacity: .55; cursor: progress; }
button[aria-pressed="true"] { background: var(--accent-soft); border-color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
details.options { margin-top: 8px; }
details.options summary { cursor: pointer; color: var(--muted); font-size: .9rem; width: max-content; }
details.options .row { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 8px; }
details.options .row > div { display: flex; flex-direction: column; gap: 4px; }
.status { min-height: 1.4em; margin: 10px 0 0; color: var(--muted); font-size: .9rem; }
.status.error { color: var(--error); font-weight: 600; }
.result[hidden] { display: none; }
h2 { margin: 14px 0 2px; font-size: 1.45rem; letter-spacing: -0.01em; }
.meta { margin: 0; color: var(--muted); font-size: .9rem; }
.meta .engine { display: inline-block; padding: 0 8px; border-radius: 99px; background: var(--accent-soft); color: var(--fg); font-weight: 600; }
.stylenote { margin: 8px 0 12px; font-style: italic; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 16px 0 6px; }
.chords { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 6px; }
@container (max-width: 420px) { .chords { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.chords button { font-family: "Georgia", "Times New Roman", serif; font-size: 1.05rem; padding: 6px 4px; display: flex; flex-direction: column; align-items: center; gap: 0; }
.chords button small { font: 600 .68rem system-ui, sans-serif; color: var(--muted); }
.chords button.now { background: var(--now); border-color: var(--accent); }
.voicing { display: flex; align-items: center; gap: 12px; margin-top: 8px; min-height: 0; }
.voicing[hidden] { display: none; }
.voicing .pic { width: 160px; max-width: 45%; background: var(--bg); border-radius: 8px; }
.voicing .pic svg { width: 100%; height: auto; display: block; }
.scales ul { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px 14px; }
.scales li strong { font-weight: 600; }
.scales li span { color: var(--muted); font-family: "Georgia", serif; }
.transport, .tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 12px; }
.transport label, .tools label { display: inline-flex; align-items: center; gap: 6px; font-weight: 500; color: var(--fg); font-size: .9rem; }
.transport input[type=range] { width: 140px; accent-color: var(--accent); }
.group { display: inline-flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.tools .steer { min-width: 0; width: 13em; }
.staff { margin-top: 12px; border-radius: 10px; overflow: hidden; border: 1px solid var(--line); }
.staff svg { display: block; width: 100%; height: auto; }
.staff svg .bar-area.now { fill: var(--now); }
.downloads { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
@container (max-width: 480px) {
  .transport input[type=range] { width: 100px; }
  .tools .steer { width: 100%; }
  button { padding: 8px 10px; }
}
`;

const TEMPLATE = `
<style>${STYLE}</style>
<form class="ask" part="form">
  <div class="field">
    <label for="prompt">What do you want to jam on?</label>
    <input id="prompt" type="text" autocomplete="off" spellcheck="false" maxlength="2000"
      placeholder="funky slow groove in Bb">
  </div>
  <button class="primary" id="generate" type="submit">Generate</button>
</form>
<details class="options">
  <summary>Options</summary>
  <div class="row">
    <div><label for="seed">Seed (empty: a new one each time)</label><input id="seed" type="number" min="0" step="1" inputmode="numeric"></div>
    <div><label for="key">Key</label><input id="key" type="text" placeholder="from the prompt" size="10"></div>
    <div><label for="bars">Bars</label><input id="bars" type="number" min="2" max="64" step="1" placeholder="auto"></div>
  </div>
</details>
<p class="status" id="status" role="status" aria-live="polite"></p>
<section class="result" id="result" hidden aria-labelledby="title">
  <h2 id="title"></h2>
  <p class="meta" id="meta"></p>
  <p class="stylenote" id="stylenote"></p>
  <h3 id="chords-h">Chords <span class="sr">(one button per bar: plays and shows the voicing)</span></h3>
  <div class="chords" id="chords" role="group" aria-labelledby="chords-h"></div>
  <div class="voicing" id="voicing" hidden aria-live="polite">
    <div class="pic" id="voicing-pic"></div>
    <div id="voicing-text"></div>
  </div>
  <h3 id="scales-h">Scales to improvise with</h3>
  <div class="scales" id="scales" aria-labelledby="scales-h"></div>
  <div class="transport" role="group" aria-label="Playback">
    <button id="play" type="button" aria-pressed="false">▶ Play</button>
    <label><input id="loop" type="checkbox" checked> Loop</label>
    <label for="tempo">Tempo <input id="tempo" type="range" min="30" max="320" step="1"> <output id="tempo-out" for="tempo"></output></label>
    <label><input id="backing" type="checkbox" checked> Chords &amp; bass</label>
    <label><input id="harmony-on" type="checkbox" checked disabled> Harmony</label>
    <label><input id="band" type="checkbox"> Play-along band</label>
    <span class="group" id="band-options" role="group" aria-label="Play-along" hidden>
      <label>Choruses <select id="choruses"><option>1</option><option>2</option><option selected>4</option><option>8</option><option>16</option></select></label>
      <label>Count-in <select id="count-in"><option value="0">none</option><option value="1" selected>1 bar</option><option value="2">2 bars</option></select></label>
      <label>Swing <select id="swing"><option value="">the style's</option><option value="50">straight</option><option value="58">light</option><option value="67">triplet</option><option value="75">hard</option></select></label>
      <label><input id="minus-one" type="checkbox" checked> Minus-one (no melody)</label>
    </span>
  </div>
  <div class="staff" id="staff" role="img" aria-label="The example melody on a staff"></div>
  <div class="tools" role="group" aria-label="Change the jam">
    <span class="group">
      <label class="sr" for="steer">Steer the new melody</label>
      <input id="steer" class="steer" type="text" placeholder="steer: higher, sparser, bluesy…">
      <button id="melody" type="button">New melody</button>
    </span>
    <button id="progression" type="button">New progression</button>
    <span class="group">
      <label class="sr" for="harmony-kind">Harmony voice</label>
      <select id="harmony-kind"><option value="third">3rd above</option><option value="sixth">6th above</option><option value="bass">Bass line</option></select>
      <button id="harmony" type="button">Add harmony</button>
    </span>
    <span class="group" role="group" aria-label="Transpose">
      <button id="down" type="button" aria-label="Transpose down a semitone">♭ −1</button>
      <button id="up" type="button" aria-label="Transpose up a semitone">♯ +1</button>
    </span>
  </div>
  <div class="downloads" role="group" aria-label="Download">
    <button id="dl-abc" type="button">Download ABC</button>
    <button id="dl-midi" type="button">Download MIDI</button>
    <button id="dl-svg" type="button">Download SVG</button>
  </div>
</section>
`;

/** Splits `scales` ("E blues (E G A Bb B D), …") into names and notes. */
function parseScales(text) {
  const out = [];
  const re = /([^,(]+)\(([^)]*)\)/g;
  let m;
  while ((m = re.exec(text || ''))) out.push({ name: m[1].trim(), notes: m[2].trim() });
  if (!out.length && text) out.push({ name: text, notes: '' });
  return out;
}

function slug(text) {
  return (text || 'jam').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'jam';
}

function randomSeed() {
  return Math.floor(Math.random() * 2 ** 31);
}

/** The `<jam-widget>` custom element. */
class JamWidget extends HTMLElement {
  static get observedAttributes() { return ['theme', 'prompt']; }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.innerHTML = TEMPLATE;
    this.$ = (id) => this.shadowRoot.getElementById(id);
    this._jam = null;
    this._engine = null;
    this._svgText = '';
    this._playback = null;
    this._synth = new Synth();
    this._play = null;
    this._busy = false;
    this._lastWidth = 0;
  }

  /** The current jam (JSON object), or null. */
  get jam() { return this._jam; }
  /** Which engine made the current jam: "server" or "browser". */
  get engine() { return this._engine; }

  connectedCallback() {
    if (this._connected) return;
    this._connected = true;
    this.applyTheme();
    this.$('prompt').value = this.getAttribute('prompt') || '';
    if (this.hasAttribute('seed')) this.$('seed').value = this.getAttribute('seed');
    this.$('generate').closest('form').addEventListener('submit', (e) => { e.preventDefault(); this.generate(); });
    this.$('play').addEventListener('click', () => (this._play ? this.stop() : this.play()));
    this.$('tempo').addEventListener('input', () => this.tempoChanged());
    this.$('backing').addEventListener('change', () => this.restartIfPlaying());
    this.$('harmony-on').addEventListener('change', () => this.restartIfPlaying());
    this.$('band').addEventListener('change', () => {
      this.$('band-options').hidden = !this.$('band').checked;
      this.restartIfPlaying();
    });
    for (const id of ['choruses', 'count-in', 'swing', 'minus-one']) {
      this.$(id).addEventListener('change', () => this.restartIfPlaying());
    }
    this.$('melody').addEventListener('click', () => this.operate('melody'));
    this.$('progression').addEventListener('click', () => this.operate('progression'));
    this.$('harmony').addEventListener('click', () => this.operate('harmony'));
    this.$('down').addEventListener('click', () => this.operate('transpose', -1));
    this.$('up').addEventListener('click', () => this.operate('transpose', 1));
    this.$('dl-abc').addEventListener('click', () => this.download('abc'));
    this.$('dl-midi').addEventListener('click', () => this.download('midi'));
    this.$('dl-svg').addEventListener('click', () => this.download('svg'));
    this._resize = new ResizeObserver(() => {
      const w = this.staffWidth();
      if (this._jam && Math.abs(w - this._lastWidth) > 24) {
        clearTimeout(this._resizeTimer);
        this._resizeTimer = setTimeout(() => this.renderStaff(), 150);
      }
    });
    this._resize.observe(this);
    if (this.$('prompt').value.trim()) this.generate({ initial: true });
  }

  disconnectedCallback() {
    this.stop();
    if (this._resize) this._resize.disconnect();
    this._connected = false;
  }

  attributeChangedCallback(name, _old, value) {
    if (!this._connected) return;
    if (name === 'theme') {
      this.applyTheme();
      if (this._jam) this.renderStaff();
    } else if (name === 'prompt' && value !== this.$('prompt').value) {
      this.$('prompt').value = value || '';
    }
  }

  /** The theme in use: the attribute, else the reader's colour-scheme preference. */
  theme() {
    const t = (this.getAttribute('theme') || '').toLowerCase();
    if (t === 'dark' || t === 'light') return t;
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  applyTheme() { this.dataset.theme = this.theme(); }

  /** The server's composer for jams asked of the `api`: the `backend` attribute, `llm` by default. */
  backend() {
    const b = (this.getAttribute('backend') || 'llm').toLowerCase();
    return ['engine', 'llm', 'hybrid', 'intent'].includes(b) ? b : 'llm';
  }

  /** The `api` base URL, or null when the widget works in the browser only. */
  apiBase() {
    if (!this.hasAttribute('api')) return null;
    return (this.getAttribute('api') || '').replace(/\/+$/, '');
  }

  async post(path, body) {
    const base = this.apiBase();
    const res = await fetch(`${base}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) {
      let code = 'http_' + res.status, message = `the server answered ${res.status}`;
      try { const j = await res.json(); code = j.error.code; message = j.error.message; } catch (_) { /* not JSON */ }
      throw new JamError(message, code, res.status);
    }
    const type = res.headers.get('content-type') || '';
    return type.includes('json') ? res.json() : new Uint8Array(await res.arrayBuffer());
  }

  /**
   * Runs an operation on the server when `api` is set (falling back to the browser when the
   * server cannot be reached or fails), else in the browser. Returns {value, engine}.
   */
  async run(path, body, local) {
    if (this.apiBase() !== null) {
      try {
        return { value: await this.post(path, body), engine: 'server' };
      } catch (e) {
        // The request itself was wrong: the browser engine would say the same.
        if (e.status === 400 || e.status === 422) throw e;
        this._fallbackReason = e.code === 'llm_not_configured' ? 'it has no LLM backend' : e.message;
      }
    }
    const wasm = await loadWasm();
    try {
      return { value: local(wasm), engine: 'browser' };
    } catch (e) {
      throw new JamError(String(e && e.message || e), e && e.code);
    }
  }

  /** A service that needs no jam engine choice: the browser when it can, else the server. */
  async local(fn, path, body) {
    try {
      return fn(await loadWasm());
    } catch (e) {
      if (e && e.code) throw new JamError(e.message, e.code);
      if (this.apiBase() === null) throw new JamError(`the in-browser engine could not load: ${e && e.message || e}`, 'no_engine');
      return this.post(path, body);
    }
  }

  setStatus(text, error = false) {
    const s = this.$('status');
    s.textContent = text;
    s.classList.toggle('error', error);
  }

  setBusy(busy) {
    this._busy = busy;
    for (const id of ['generate', 'melody', 'progression', 'harmony', 'down', 'up']) this.$(id).disabled = busy;
    this.$('result').setAttribute('aria-busy', String(busy));
  }

  async generate({ initial = false } = {}) {
    const prompt = this.$('prompt').value.trim();
    if (!prompt) {
      this.setStatus('Say what you want to jam on, e.g. “slow blues in E”.', true);
      this.$('prompt').focus();
      return;
    }
    const seedText = this.$('seed').value.trim();
    const seed = seedText === '' ? randomSeed() : Number(seedText);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      this.setStatus('The seed is a whole number of 0 or more.', true);
      return;
    }
    const options = { seed };
    const key = this.$('key').value.trim();
    if (key) options.key = key;
    const bars = this.$('bars').value.trim();
    if (bars) options.bars = Number(bars);
    await this.change(() => this.run('/api/jam', { prompt, ...options, backend: this.backend() }, (w) => w.generate(prompt, options)),
      'Composing…', { autoplay: initial && this.autoplay() });
  }

  autoplay() {
    const a = this.getAttribute('autoplay');
    return a !== null && a !== 'off' && a !== 'false';
  }

  async operate(op, arg) {
    if (!this._jam) return;
    const jam = this._jam;
    const seed = randomSeed();
    const steer = this.$('steer').value.trim();
    const kind = this.$('harmony-kind').value;
    const calls = {
      melody: ['/api/jam/melody', { jam, seed, steer, backend: this.backend() }, (w) => w.newMelody(jam, seed, steer), 'Writing a new melody…'],
      progression: ['/api/jam/progression', { jam, seed }, (w) => w.newProgression(jam, seed), 'Finding new changes…'],
      harmony: ['/api/jam/harmony', { jam, kind, backend: this.backend() }, (w) => w.harmony(jam, kind), 'Adding a harmony voice…'],
      transpose: ['/api/jam/transpose', { jam, semitones: arg }, (w) => w.transpose(jam, arg), 'Transposing…'],
    };
    const [path, body, local, busy] = calls[op];
    await this.change(() => this.run(path, body, local), busy, { keepPlaying: true });
  }

  /** Runs a jam-changing call and shows its result. */
  async change(call, busyText, { autoplay = false, keepPlaying = false } = {}) {
    if (this._busy) return;
    const wasPlaying = !!this._play;
    this.setBusy(true);
    this.setStatus(busyText);
    this._fallbackReason = null;
    try {
      const { value, engine } = await call();
      this.stop();
      this._jam = value;
      this._engine = engine;
      this._playback = null;
      await this.show();
      const via = engine === 'server' ? 'by the server' : this.apiBase() !== null
        ? `in your browser (the server could not answer: ${this._fallbackReason})` : 'in your browser';
      const understood = understoodLine(value.understood);
      this.setStatus(`“${value.title}” — ${value.key} ${value.mode}, ${value.bars} bars, composed ${via}.`
        + (understood ? ` Understood: ${understood}.` : ''));
      this.dispatchEvent(new CustomEvent('jam', { detail: { jam: value, engine } }));
      if (autoplay || (keepPlaying && wasPlaying)) this.play().catch(() => {});
    } catch (e) {
      this.setStatus(`Could not do that: ${e.message}`, true);
    } finally {
      this.setBusy(false);
    }
  }

  /** Shows the current jam. */
  async show() {
    const jam = this._jam;
    this.$('result').hidden = false;
    this.$('title').textContent = jam.title;
    const engineLabel = this._engine === 'server' ? 'server' : 'in-browser engine';
    this.$('meta').innerHTML = '';
    this.$('meta').append(
      `Key ${jam.key} ${jam.mode} · ${jam.meter} · ${jam.tempo} bpm · ${jam.bars} bars · seed ${jam.seed} · `,
    );
    const eng = document.createElement('span');
    eng.className = 'engine';
    eng.dataset.engine = this._engine;
    eng.textContent = engineLabel;
    this.$('meta').append(eng);
    this.$('stylenote').textContent = jam.style;
    const chords = this.$('chords');
    chords.innerHTML = '';
    jam.chords.split('|').map((c) => c.trim()).forEach((bar, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.bar = String(i);
      b.setAttribute('aria-label', `Bar ${i + 1}: ${bar}`);
      b.append(bar);
      const n = document.createElement('small');
      n.textContent = String(i + 1);
      n.setAttribute('aria-hidden', 'true');
      b.append(n);
      b.addEventListener('click', () => this.showChord(bar.split(/\s+/)[0]));
      chords.append(b);
    });
    const scales = this.$('scales');
    const ul = document.createElement('ul');
    for (const s of parseScales(jam.scales)) {
      const li = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = s.name;
      const notes = document.createElement('span');
      notes.textContent = s.notes;
      li.append(name, ' ', notes);
      ul.append(li);
    }
    scales.innerHTML = '';
    scales.append(ul);
    this.$('tempo').value = String(jam.tempo);
    this.$('tempo-out').value = `${jam.tempo} bpm`;
    const hasHarmony = /^V:\s*2/m.test(jam.example);
    this.$('harmony-on').disabled = !hasHarmony;
    this.$('voicing').hidden = true;
    await this.renderStaff();
  }

  staffWidth() {
    const w = this.$('staff').clientWidth || this.clientWidth || 800;
    // Narrow screens get a wider engraving drawn smaller: bars split across lines are harder to read.
    return Math.max(520, Math.min(1400, Math.round(w)));
  }

  async renderStaff() {
    if (!this._jam) return;
    const width = this.staffWidth();
    this._lastWidth = width;
    const options = { width, theme: this.theme() };
    const abc = this._jam.example;
    const out = await this.local((w) => w.renderSvg(abc, options), '/api/render/svg', { abc, ...options });
    const svgText = out instanceof Uint8Array ? new TextDecoder().decode(out) : out.svg;
    this._svgText = svgText;
    const staff = this.$('staff');
    staff.innerHTML = svgText;
    const svg = staff.querySelector('svg');
    if (svg) {
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.setAttribute('aria-hidden', 'true');
    }
    staff.setAttribute('aria-label', `The example melody on a staff: ${this._jam.bars} bars in ${this._jam.key} ${this._jam.mode}`);
  }

  /** Highlights bar `i` on the staff (the engraver's `bar-area` marks) and its chord button; null clears. */
  highlight(i) {
    const now = i === null ? null : String(i);
    for (const area of this.$('staff').querySelectorAll('.bar-area')) area.classList.toggle('now', area.dataset.bar === now);
    for (const b of this.$('chords').children) b.classList.toggle('now', b.dataset.bar === now);
  }

  async showChord(symbol) {
    try {
      const options = { width: 300, theme: this.theme() };
      const view = await this.local((w) => w.chordVoicing(symbol, options), '/api/chord', { symbol, ...options });
      const pic = this.$('voicing-pic');
      pic.innerHTML = view.svg;
      const svg = pic.querySelector('svg');
      if (svg) { svg.removeAttribute('width'); svg.removeAttribute('height'); svg.setAttribute('aria-hidden', 'true'); }
      const names = ['C', 'C♯', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'A♭', 'A', 'B♭', 'B'];
      this.$('voicing-text').textContent = `${view.symbol}: ${view.notes.map((k) => names[k % 12]).join(' ')}`;
      this.$('voicing').hidden = false;
      const ctx = this._synth.ensure();
      const out = ctx.createGain();
      out.gain.value = 1;
      out.connect(this._synth.comp);
      const t = ctx.currentTime + 0.03;
      view.notes.forEach((k, i) => this._synth.note(k, t + i * 0.03, 1.2, 'harmony', 90, out));
    } catch (e) {
      this.setStatus(`Could not voice ${symbol}: ${e.message}`, true);
    }
  }

  tempoChanged() {
    const bpm = Number(this.$('tempo').value);
    this.$('tempo-out').value = `${bpm} bpm`;
    this.restartIfPlaying();
  }

  restartIfPlaying() {
    if (!this._play) return;
    const bar = this._play.bar || 0;
    this.stop();
    this.play(bar).catch(() => {});
  }

  /** What Play plays: the tune (with chords, bass and harmony as switched), or the play-along
   * band (drums, bass, comping, after a count-in; the melody only when minus-one is off).
   * `lead` is the count-in in bars, `form` the bars of one chorus, `ratio` the tempo's stretch. */
  async performance() {
    const jam = this._jam;
    const wasm = await loadWasm();
    const tempo = Number(this.$('tempo').value) || jam.tempo;
    if (this.$('band').checked) {
      const lead = Number(this.$('count-in').value);
      const swing = this.$('swing').value;
      const p = wasm.playAlong(jam, {
        choruses: Number(this.$('choruses').value),
        count_in: lead,
        with_melody: !this.$('minus-one').checked,
        tempo,
        swing: swing ? Number(swing) : null,
      });
      return { p, notes: p.notes, ratio: 1, lead, form: jam.bars };
    }
    if (!this._playback) this._playback = wasm.playback(jam.example, jam);
    const p = this._playback;
    const parts = new Set(['melody']);
    if (this.$('backing').checked) { parts.add('chords'); parts.add('bass'); }
    if (!this.$('harmony-on').disabled && this.$('harmony-on').checked) parts.add('harmony');
    return { p, notes: p.notes.filter((n) => parts.has(n.part)), ratio: p.bpm / tempo, lead: 0, form: p.bars };
  }

  /** What the last Play scheduled, for pages and tests: the notes per part, the count-in
   * bars and the parts heard in them, the bars and the seconds. */
  get lastPerformance() { return this._lastPerformance || null; }

  /** Starts playback at bar `fromBar` (the band always counts in from the top). */
  async play(fromBar = 0) {
    if (!this._jam) return;
    const ctx = this._synth.ensure();
    const perf = await this.performance();
    const { p, notes, ratio, lead, form } = perf;
    if (!notes.length) return;
    if (lead) fromBar = 0;
    const barSec = p.bar_seconds * ratio;
    const parts = {};
    for (const n of notes) parts[n.part] = (parts[n.part] || 0) + 1;
    this._lastPerformance = {
      band: this.$('band').checked, parts, countInBars: lead,
      countInParts: [...new Set(notes.filter((n) => n.bar < lead).map((n) => n.part))],
      bars: p.bars, seconds: p.bars * barSec,
    };
    const out = ctx.createGain();
    out.gain.value = 0.9;
    out.connect(this._synth.comp);
    const state = { out, barSec, bar: fromBar, start: ctx.currentTime + 0.08 - fromBar * barSec, scheduledUntil: 0 };
    this._play = state;
    // A loop goes round the choruses again without the count-in.
    const passLength = (p.bars - lead) * barSec;
    const schedulePass = (passStart, from) => {
      for (const n of notes) {
        if (n.bar < from) continue;
        const when = passStart + n.time * ratio;
        if (n.part === 'drums') this._synth.drum(n.key, when, n.velocity, out);
        else this._synth.note(n.key, when, n.duration * ratio, n.part, n.velocity, out);
      }
      state.scheduledUntil = passStart + p.bars * barSec;
    };
    schedulePass(state.start, fromBar);
    const tick = () => {
      if (this._play !== state) return;
      const t = ctx.currentTime;
      if (t >= state.scheduledUntil - 0.6 && this.$('loop').checked) {
        state.start = state.scheduledUntil - lead * barSec;
        schedulePass(state.start, lead);
      }
      if (t >= state.scheduledUntil) { this.stop(); return; }
      const elapsed = t - (state.scheduledUntil - passLength);
      const played = elapsed < 0 ? fromBar - lead : Math.floor(elapsed / barSec);
      const bar = played < 0 ? null : Math.min(form - 1, played % form);
      if (bar !== state.shown) { state.shown = bar; this.highlight(bar); }
      state.bar = bar || 0;
      state.raf = requestAnimationFrame(tick);
    };
    // Timers keep looping going when the tab is in the background (no animation frames).
    state.timer = setInterval(() => { if (this._play === state && ctx.currentTime >= state.scheduledUntil - 0.6) tick(); }, 250);
    state.raf = requestAnimationFrame(tick);
    this.$('play').textContent = '■ Stop';
    this.$('play').setAttribute('aria-pressed', 'true');
  }

  stop() {
    const state = this._play;
    this._play = null;
    if (state) {
      cancelAnimationFrame(state.raf);
      clearInterval(state.timer);
      try { state.out.disconnect(); } catch (_) { /* already */ }
    }
    this._synth.silence();
    this.highlight(null);
    this.$('play').textContent = '▶ Play';
    this.$('play').setAttribute('aria-pressed', 'false');
  }

  async download(kind) {
    if (!this._jam) return;
    const jam = this._jam;
    const name = slug(jam.title);
    try {
      let blob;
      if (kind === 'abc') blob = new Blob([jam.example], { type: 'text/vnd.abc' });
      else if (kind === 'svg') blob = new Blob([this._svgText], { type: 'image/svg+xml' });
      else {
        const bytes = await this.local((w) => w.midi(jam.example, jam), '/api/render/midi', { abc: jam.example, jam });
        blob = new Blob([bytes], { type: 'audio/midi' });
      }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${name}.${kind === 'midi' ? 'mid' : kind}`;
      this.shadowRoot.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      this.setStatus(`Could not make the ${kind.toUpperCase()} file: ${e.message}`, true);
    }
  }
}

if (!customElements.get('jam-widget')) customElements.define('jam-widget', JamWidget);

export { JamWidget, parseScales };
