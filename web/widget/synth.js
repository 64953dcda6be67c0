// The widget's synthesizer: WebAudio oscillators for the tune's parts and a small drum kit
// (a falling tone plus noise) for the play-along band.

import { JamError } from './errors.js';

/** Each part's oscillator, level and envelope (seconds; sustain as a share of the peak). */
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
export class Synth {
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
