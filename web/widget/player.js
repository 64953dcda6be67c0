// Playback: what Play plays (the tune, or the play-along band), scheduled on the synthesizer,
// looped, and followed bar by bar on the staff and the chord buttons.

import { loadWasm } from './client.js';

/** Plays the widget's jam through its synthesizer, as its transport controls say. */
export class Player {
  constructor(widget, synth) {
    this.widget = widget;
    this.$ = widget.$;
    this.synth = synth;
    /** The performance being played (null when stopped). */
    this.state = null;
    /** The tune's notes in seconds, kept until the jam changes. */
    this.playback = null;
    /** What the last Play scheduled (see `JamWidget.lastPerformance`). */
    this.last = null;
  }

  get playing() { return !!this.state; }

  /** Drops what was computed for the previous jam. */
  forget() { this.playback = null; }

  /** What Play plays: the tune (with chords, bass and harmony as switched), or the play-along
   * band (drums, bass, comping, after a count-in; the melody only when minus-one is off).
   * `lead` is the count-in in bars, `form` the bars of one chorus, `ratio` the tempo's stretch. */
  async performance() {
    const jam = this.widget.jam;
    const $ = this.$;
    const wasm = await loadWasm();
    const tempo = Number($('tempo').value) || jam.tempo;
    if ($('band').checked) {
      const lead = Number($('count-in').value);
      const swing = $('swing').value;
      const p = wasm.playAlong(jam, {
        choruses: Number($('choruses').value),
        count_in: lead,
        with_melody: !$('minus-one').checked,
        tempo,
        swing: swing ? Number(swing) : null,
      });
      return { p, notes: p.notes, ratio: 1, lead, form: jam.bars };
    }
    if (!this.playback) this.playback = wasm.playback(jam.example, jam);
    const p = this.playback;
    const parts = new Set(['melody']);
    if ($('backing').checked) { parts.add('chords'); parts.add('bass'); }
    if (!$('harmony-on').disabled && $('harmony-on').checked) parts.add('harmony');
    return { p, notes: p.notes.filter((n) => parts.has(n.part)), ratio: p.bpm / tempo, lead: 0, form: p.bars };
  }

  /** Starts playback at bar `fromBar` (the band always counts in from the top). */
  async play(fromBar = 0) {
    if (!this.widget.jam) return;
    const synth = this.synth;
    const ctx = synth.ensure();
    const { p, notes, ratio, lead, form } = await this.performance();
    if (!notes.length) return;
    if (lead) fromBar = 0;
    const barSec = p.bar_seconds * ratio;
    const parts = {};
    for (const n of notes) parts[n.part] = (parts[n.part] || 0) + 1;
    this.last = {
      band: this.$('band').checked, parts, countInBars: lead,
      countInParts: [...new Set(notes.filter((n) => n.bar < lead).map((n) => n.part))],
      bars: p.bars, seconds: p.bars * barSec,
    };
    const out = ctx.createGain();
    out.gain.value = 0.9;
    out.connect(synth.comp);
    const state = { out, barSec, bar: fromBar, start: ctx.currentTime + 0.08 - fromBar * barSec, scheduledUntil: 0 };
    this.state = state;
    // A loop goes round the choruses again without the count-in.
    const passLength = (p.bars - lead) * barSec;
    const schedulePass = (passStart, from) => {
      for (const n of notes) {
        if (n.bar < from) continue;
        const when = passStart + n.time * ratio;
        if (n.part === 'drums') synth.drum(n.key, when, n.velocity, out);
        else synth.note(n.key, when, n.duration * ratio, n.part, n.velocity, out);
      }
      state.scheduledUntil = passStart + p.bars * barSec;
    };
    schedulePass(state.start, fromBar);
    const tick = () => {
      if (this.state !== state) return;
      const t = ctx.currentTime;
      if (t >= state.scheduledUntil - 0.6 && this.$('loop').checked) {
        state.start = state.scheduledUntil - lead * barSec;
        schedulePass(state.start, lead);
      }
      if (t >= state.scheduledUntil) { this.stop(); return; }
      const elapsed = t - (state.scheduledUntil - passLength);
      const played = elapsed < 0 ? fromBar - lead : Math.floor(elapsed / barSec);
      const bar = played < 0 ? null : Math.min(form - 1, played % form);
      if (bar !== state.shown) { state.shown = bar; this.widget.highlight(bar); }
      state.bar = bar || 0;
      state.raf = requestAnimationFrame(tick);
    };
    // Timers keep looping going when the tab is in the background (no animation frames).
    state.timer = setInterval(() => { if (this.state === state && ctx.currentTime >= state.scheduledUntil - 0.6) tick(); }, 250);
    state.raf = requestAnimationFrame(tick);
    this.$('play').textContent = '■ Stop';
    this.$('play').setAttribute('aria-pressed', 'true');
  }

  stop() {
    const state = this.state;
    this.state = null;
    if (state) {
      cancelAnimationFrame(state.raf);
      clearInterval(state.timer);
      try { state.out.disconnect(); } catch (_) { /* already */ }
    }
    this.synth.silence();
    this.widget.highlight(null);
    this.$('play').textContent = '▶ Play';
    this.$('play').setAttribute('aria-pressed', 'false');
  }

  /** Starts again from the bar being played, after a control changed what plays. */
  restartIfPlaying() {
    if (!this.state) return;
    const bar = this.state.bar || 0;
    this.stop();
    this.play(bar).catch(() => {});
  }
}
