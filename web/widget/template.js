// The widget's markup: the prompt form, options, the result (chords, scales, transport, staff,
// tools, downloads). Element ids are the widget's handles (`$('play')`).

import { STYLE } from './styles.js';

export const TEMPLATE = `
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
