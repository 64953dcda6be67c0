// The `<jam-widget>` custom element: its attributes, properties and events, and the jam-changing
// operations its buttons run (see ../jam-widget.js for how a page uses it).

import { Client, loadWasm } from './client.js';
import { Player } from './player.js';
import { Synth } from './synth.js';
import { TEMPLATE } from './template.js';
import { placeSvg, showJam, slug, understoodLine } from './view.js';

function randomSeed() {
  return Math.floor(Math.random() * 2 ** 31);
}

/** The jam's scales as `[{name, notes}]`, read by the engine; the text as it is when the
 * engine cannot load or read it. */
async function scalesOf(jam) {
  try {
    return (await loadWasm()).scales(jam.scales);
  } catch (_) {
    return [{ name: jam.scales || '', notes: [] }];
  }
}

/** Whether the jam has a second voice to play along (the engine reads its ABC); false when
 * the engine cannot load, as the playback that would play it comes from the engine too. */
async function hasSecondVoice(jam) {
  try {
    return (await loadWasm()).hasSecondVoice(jam);
  } catch (_) {
    return false;
  }
}

/** The `<jam-widget>` custom element. */
export class JamWidget extends HTMLElement {
  static get observedAttributes() { return ['theme', 'prompt']; }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.innerHTML = TEMPLATE;
    this.$ = (id) => this.shadowRoot.getElementById(id);
    this._jam = null;
    this._engine = null;
    this._svgText = '';
    this._busy = false;
    this._lastWidth = 0;
    this._client = new Client(this);
    this._synth = new Synth();
    this._player = new Player(this, this._synth);
  }

  /** The current jam (JSON object), or null. */
  get jam() { return this._jam; }
  /** Which engine made the current jam: "server" or "browser". */
  get engine() { return this._engine; }
  /** What the last Play scheduled, for pages and tests: the notes per part, the count-in
   * bars and the parts heard in them, the bars and the seconds. */
  get lastPerformance() { return this._player.last; }

  connectedCallback() {
    if (this._connected) return;
    this._connected = true;
    this.applyTheme();
    const $ = this.$;
    const player = this._player;
    $('prompt').value = this.getAttribute('prompt') || '';
    if (this.hasAttribute('seed')) $('seed').value = this.getAttribute('seed');
    $('generate').closest('form').addEventListener('submit', (e) => { e.preventDefault(); this.generate(); });
    $('play').addEventListener('click', () => (player.playing ? player.stop() : player.play()));
    $('tempo').addEventListener('input', () => {
      $('tempo-out').value = `${Number($('tempo').value)} bpm`;
      player.restartIfPlaying();
    });
    $('band').addEventListener('change', () => {
      $('band-options').hidden = !$('band').checked;
      player.restartIfPlaying();
    });
    for (const id of ['backing', 'harmony-on', 'choruses', 'count-in', 'swing', 'minus-one']) {
      $(id).addEventListener('change', () => player.restartIfPlaying());
    }
    $('melody').addEventListener('click', () => this.operate('melody'));
    $('progression').addEventListener('click', () => this.operate('progression'));
    $('harmony').addEventListener('click', () => this.operate('harmony'));
    $('down').addEventListener('click', () => this.operate('transpose', -1));
    $('up').addEventListener('click', () => this.operate('transpose', 1));
    for (const kind of ['abc', 'midi', 'svg']) $(`dl-${kind}`).addEventListener('click', () => this.download(kind));
    this._resize = new ResizeObserver(() => {
      const w = this.staffWidth();
      if (this._jam && Math.abs(w - this._lastWidth) > 24) {
        clearTimeout(this._resizeTimer);
        this._resizeTimer = setTimeout(() => this.renderStaff(), 150);
      }
    });
    this._resize.observe(this);
    if ($('prompt').value.trim()) this.generate({ initial: true });
  }

  disconnectedCallback() {
    this._player.stop();
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
    const client = this._client;
    await this.change(() => client.run('/api/jam', { prompt, ...options, backend: client.backend() }, (w) => w.generate(prompt, options)),
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
    const backend = this._client.backend();
    const calls = {
      melody: ['/api/jam/melody', { jam, seed, steer, backend }, (w) => w.newMelody(jam, seed, steer), 'Writing a new melody…'],
      progression: ['/api/jam/progression', { jam, seed }, (w) => w.newProgression(jam, seed), 'Finding new changes…'],
      harmony: ['/api/jam/harmony', { jam, kind, backend }, (w) => w.harmony(jam, kind), 'Adding a harmony voice…'],
      transpose: ['/api/jam/transpose', { jam, semitones: arg }, (w) => w.transpose(jam, arg), 'Transposing…'],
    };
    const [path, body, local, busy] = calls[op];
    await this.change(() => this._client.run(path, body, local), busy, { keepPlaying: true });
  }

  /** Runs a jam-changing call and shows its result. */
  async change(call, busyText, { autoplay = false, keepPlaying = false } = {}) {
    if (this._busy) return;
    const player = this._player;
    const wasPlaying = player.playing;
    this.setBusy(true);
    this.setStatus(busyText);
    this._client.fallbackReason = null;
    try {
      const { value, engine } = await call();
      player.stop();
      this._jam = value;
      this._engine = engine;
      player.forget();
      await this.show();
      const via = engine === 'server' ? 'by the server' : this._client.apiBase() !== null
        ? `in your browser (the server could not answer: ${this._client.fallbackReason})` : 'in your browser';
      const understood = understoodLine(value.understood);
      this.setStatus(`“${value.title}” — ${value.key} ${value.mode}, ${value.bars} bars, composed ${via}.`
        + (understood ? ` Understood: ${understood}.` : ''));
      this.dispatchEvent(new CustomEvent('jam', { detail: { jam: value, engine } }));
      if (autoplay || (keepPlaying && wasPlaying)) this.play();
    } catch (e) {
      this.setStatus(`Could not do that: ${e.message}`, true);
    } finally {
      this.setBusy(false);
    }
  }

  /** Shows the current jam. */
  async show() {
    const jam = this._jam;
    const scales = await scalesOf(jam);
    const secondVoice = await hasSecondVoice(jam);
    showJam(this.$, jam, { engine: this._engine, scales, secondVoice, onChord: (symbol) => this.showChord(symbol) });
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
    const out = await this._client.local((w) => w.renderSvg(abc, options), '/api/render/svg', { abc, ...options });
    this._svgText = out instanceof Uint8Array ? new TextDecoder().decode(out) : out.svg;
    const staff = this.$('staff');
    placeSvg(staff, this._svgText);
    staff.setAttribute('aria-label', `The example melody on a staff: ${this._jam.bars} bars in ${this._jam.key} ${this._jam.mode}`);
  }

  /** Highlights bar `i` on the staff (the engraver's `bar-area` marks) and its chord button; null clears. */
  highlight(i) {
    const now = i === null ? null : String(i);
    for (const area of this.$('staff').querySelectorAll('.bar-area')) area.classList.toggle('now', area.dataset.bar === now);
    for (const b of this.$('chords').children) b.classList.toggle('now', b.dataset.bar === now);
  }

  /** Shows a chord's voicing on a staff with its note names, and sounds it. */
  async showChord(symbol) {
    try {
      const options = { width: 300, theme: this.theme() };
      const view = await this._client.local((w) => w.chordVoicing(symbol, options), '/api/chord', { symbol, ...options });
      placeSvg(this.$('voicing-pic'), view.svg);
      this.$('voicing-text').textContent = `${view.symbol}: ${view.names.join(' ')}`;
      this.$('voicing').hidden = false;
      const synth = this._synth;
      const ctx = synth.ensure();
      const out = ctx.createGain();
      out.gain.value = 1;
      out.connect(synth.comp);
      const t = ctx.currentTime + 0.03;
      view.notes.forEach((k, i) => synth.note(k, t + i * 0.03, 1.2, 'harmony', 90, out));
    } catch (e) {
      this.setStatus(`Could not voice ${symbol}: ${e.message}`, true);
    }
  }

  /** Plays the jam from bar `fromBar`; see `Player.play`. */
  play(fromBar = 0) {
    return this._player.play(fromBar).catch(() => {});
  }

  async download(kind) {
    if (!this._jam) return;
    const jam = this._jam;
    try {
      let blob;
      if (kind === 'abc') blob = new Blob([jam.example], { type: 'text/vnd.abc' });
      else if (kind === 'svg') blob = new Blob([this._svgText], { type: 'image/svg+xml' });
      else {
        const bytes = await this._client.local((w) => w.midi(jam.example, jam), '/api/render/midi', { abc: jam.example, jam });
        blob = new Blob([bytes], { type: 'audio/midi' });
      }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${slug(jam.title)}.${kind === 'midi' ? 'mid' : kind}`;
      this.shadowRoot.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      this.setStatus(`Could not make the ${kind.toUpperCase()} file: ${e.message}`, true);
    }
  }
}
