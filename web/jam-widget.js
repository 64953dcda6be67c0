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
// ("server" or "browser"), `lastPerformance` (what the last Play scheduled). Events: `jam`
// (detail: {jam, engine}) after every change.
//
// The element is built from the ES modules in widget/, one concern each: styles.js and
// template.js (its look and markup), client.js (the WebAssembly engine and the server's API),
// synth.js (WebAudio tones and drums), player.js (playback), view.js (drawing a jam) and
// element.js (the element itself).

import { JamWidget } from './widget/element.js';

if (!customElements.get('jam-widget')) customElements.define('jam-widget', JamWidget);

export { JamWidget };
