// Drives <jam-widget> on a running `jamsesh serve` in headless Chromium, as a musician would.
// Run by crates/server/tests/widget.rs, which starts the server and computes the expectations
// natively:
//   node web/tests/widget.test.mjs <base-url> <expected.json> <screenshot-dir>
// expected.json: {prompt, seed, jam, noteheads} — the jam the CLI composes for prompt and seed,
// and the noteheads the native engraver draws for it. Prints one JSON line of measurements;
// exits non-zero with the failed check on stderr.

import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [base, expectedPath, shots] = process.argv.slice(2);
if (!base || !expectedPath || !shots) {
  console.error('usage: widget.test.mjs <base-url> <expected.json> <screenshot-dir>');
  process.exit(2);
}
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.JAMSESH_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
const measured = {};
let step = 'start';
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, acceptDownloads: true });
  // Every note the synthesizer schedules: oscillator starts on any AudioContext.
  await context.addInitScript(() => {
    window.__scheduled = [];
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (when) {
      window.__scheduled.push({ when, hz: this.frequency.value });
      return start.call(this, when);
    };
    // Noise strokes of the play-along drums (hi-hats, cymbals, snares).
    window.__struck = 0;
    const strike = AudioBufferSourceNode.prototype.start;
    AudioBufferSourceNode.prototype.start = function (...args) {
      window.__struck += 1;
      return strike.apply(this, args);
    };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

  const w = (sel) => page.locator(`jam-widget ${sel}`);
  const jam = () => page.evaluate(() => document.querySelector('jam-widget').jam);
  const scheduled = () => page.evaluate(() => window.__scheduled.length);
  /** Waits for the widget to finish a change and returns its status line. */
  const settled = async () => {
    await page.waitForFunction(() => {
      const w = document.querySelector('jam-widget');
      return w.shadowRoot.getElementById('result').getAttribute('aria-busy') === 'false';
    });
    return w('#status').textContent();
  };

  step = 'the demo page loads and composes its prompt';
  await page.goto(`${base}/`);
  await w('#title').filter({ hasText: /\S/ }).waitFor();
  assert.match(await settled(), /composed in your browser/);

  step = 'type a prompt and a seed, Generate';
  await w('details.options summary').click();
  await w('#seed').fill(String(expected.seed));
  await w('#prompt').fill(expected.prompt);
  await w('#generate').click();
  await page.waitForFunction((t) => document.querySelector('jam-widget').jam?.title === t, expected.jam.title);
  const status = await settled();
  assert.match(status, /composed in your browser/);

  step = 'the status line says what was understood';
  assert.match(status, /Understood: funk · Bb dorian · 88 bpm\./);

  step = 'the browser composes the same jam as the CLI';
  assert.deepEqual(await jam(), expected.jam);

  step = 'the staff has every notehead the native engraver draws';
  const heads = await w('#staff svg use[href^="#notehead"]').count();
  assert.equal(heads, expected.noteheads);
  assert.equal(await w('#chords button').count(), expected.jam.bars);
  assert.equal(await w('#title').textContent(), expected.jam.title);
  await page.screenshot({ path: join(shots, 'widget-light.png'), fullPage: true });

  step = 'a chord click shows and plays its voicing';
  const before = await scheduled();
  const firstChord = expected.jam.chords.split('|')[0].trim().split(/\s+/)[0];
  await w('#chords button').first().click();
  await w('#voicing').waitFor({ state: 'visible' });
  const voicingText = await w('#voicing-text').textContent();
  assert.ok(voicingText.startsWith(`${firstChord}:`), voicingText);
  // Note names as a player reads them: a letter and its sharps or flats, one per note.
  assert.match(voicingText.slice(firstChord.length + 1), /^( [A-G][♯♭]*){3,}$/, voicingText);
  assert.ok(await w('#voicing-pic svg use[href^="#notehead"]').count() >= 3);
  const voiced = (await scheduled()) - before;
  assert.ok(voiced >= 3, `the chord scheduled ${voiced} notes`);

  step = 'Play schedules the performance and marks the bar being played';
  const beforePlay = await scheduled();
  await w('#play').click();
  assert.equal(await w('#play').getAttribute('aria-pressed'), 'true');
  await w('#staff svg .bar-area.now').waitFor({ state: 'attached' });
  await w('#chords button.now').waitFor();
  const notes = (await scheduled()) - beforePlay;
  const melodyNotes = expected.melody_notes;
  assert.ok(notes > melodyNotes, `play scheduled ${notes} notes for ${melodyNotes} melody notes`);
  const times = await page.evaluate((n) => window.__scheduled.slice(-n).map((s) => s.when), notes);
  assert.ok(Math.max(...times) - Math.min(...times) > 5, 'the notes are spread over the tune');
  await w('#play').click();
  assert.equal(await w('#play').getAttribute('aria-pressed'), 'false');
  assert.equal(await w('#staff svg .bar-area.now').count(), 0);

  step = 'the play-along band plays drums, bass and comping after a count-in, minus-one';
  const performance = () => page.evaluate(() => document.querySelector('jam-widget').lastPerformance);
  await w('#band').check();
  await w('#band-options').waitFor({ state: 'visible' });
  const [tonesBefore, struckBefore] = [await scheduled(), await page.evaluate(() => window.__struck)];
  await w('#play').click();
  await page.waitForFunction(() => document.querySelector('jam-widget').lastPerformance?.band === true);
  const band = await performance();
  assert.deepEqual(band.parts, expected.band_parts, 'the browser arranges what the native band does');
  assert.ok(!('melody' in band.parts), 'minus-one leaves the melody out');
  assert.equal(band.countInBars, 1);
  assert.deepEqual(band.countInParts, ['drums'], 'the count-in is drums alone');
  const tones = (await scheduled()) - tonesBefore;
  assert.ok(tones > band.parts.bass + band.parts.chords, `${tones} tones for the bass, comping and drums`);
  assert.ok((await page.evaluate(() => window.__struck)) - struckBefore > 0, 'the drums struck noise');
  assert.equal(await w('#chords button.now').count(), 0, 'no bar is marked during the count-in');
  await w('#chords button.now').waitFor();
  await w('#play').click();

  step = 'switching minus-one off adds the melody, and nothing else';
  await w('#minus-one').uncheck();
  await w('#play').click();
  await page.waitForFunction(() => document.querySelector('jam-widget').lastPerformance?.parts.melody > 0);
  assert.deepEqual((await performance()).parts, expected.band_parts_with_melody);
  await w('#play').click();
  await w('#minus-one').check();
  await w('#band').uncheck();
  measured.band_notes = Object.values(band.parts).reduce((a, b) => a + b, 0);

  step = 'New melody changes the melody, not the chords';
  const old = await jam();
  await w('#steer').fill('higher and busier');
  await w('#melody').click();
  await page.waitForFunction((e) => document.querySelector('jam-widget').jam?.example !== e, old.example);
  await settled();
  const fresh = await jam();
  assert.equal(fresh.chords, old.chords);
  assert.equal(fresh.key, old.key);
  assert.notEqual(fresh.example, old.example);

  step = 'Add harmony adds a second voice';
  await w('#harmony').click();
  await page.waitForFunction(() => /^V:\s*2/m.test(document.querySelector('jam-widget').jam?.example || ''));
  await settled();
  assert.equal(await w('#harmony-on').isDisabled(), false);

  step = 'transpose up a semitone';
  const key = (await jam()).key;
  await w('#up').click();
  await page.waitForFunction((k) => document.querySelector('jam-widget').jam?.key !== k, key);
  await settled();

  step = 'Download ABC gives the jam\'s example';
  const [download] = await Promise.all([page.waitForEvent('download'), w('#dl-abc').click()]);
  assert.match(download.suggestedFilename(), /\.abc$/);
  const abc = readFileSync(await download.path(), 'utf8');
  assert.equal(abc, (await jam()).example);

  step = 'keyboard only: Tab to the prompt, type, Enter, then Tab to a chord and press Space';
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const deepFocus = () => page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? (a.id || a.tagName.toLowerCase()) + (a.dataset && a.dataset.bar !== undefined ? `#${a.dataset.bar}` : '') : '';
  });
  const tabTo = async (pattern, limit = 40) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (pattern.test(await deepFocus())) return;
    }
    throw new Error(`Tab never reached ${pattern}`);
  };
  await tabTo(/^prompt$/);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('celtic jig in D');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('jam-widget').jam?.meter === '6/8');
  await settled();
  await tabTo(/^button#0$/);
  await page.keyboard.press('Space');
  await w('#voicing').waitFor({ state: 'visible' });
  await tabTo(/^play$/);
  await page.keyboard.press('Enter');
  assert.equal(await w('#play').getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await w('#play').getAttribute('aria-pressed'), 'false');

  step = 'a bad prompt is a clear error and the jam stays';
  const kept = await jam();
  await w('#prompt').fill('blues');
  await w('#key').fill('H#');
  await w('#generate').click();
  await w('#status.error').waitFor();
  assert.match(await w('#status').textContent(), /H#/);
  assert.deepEqual(await jam(), kept);
  await w('#key').fill('');

  step = 'with `api` and no LLM on the server, the browser composes and says why';
  await page.evaluate(() => {
    const el = document.createElement('jam-widget');
    el.id = 'second';
    el.setAttribute('api', '');
    el.setAttribute('prompt', 'bossa nova in A minor');
    el.setAttribute('seed', '3');
    el.setAttribute('theme', 'dark');
    document.querySelector('main').append(el);
  });
  const second = (sel) => page.locator(`#second ${sel}`);
  await page.waitForFunction(() => document.getElementById('second').jam);
  await page.waitForFunction(() => document.getElementById('second').shadowRoot.getElementById('result').getAttribute('aria-busy') === 'false');
  assert.match(await second('#status').textContent(), /in your browser \(the server could not answer: it has no LLM backend\)/);
  assert.equal(await page.evaluate(() => document.getElementById('second').engine), 'browser');
  await page.locator('#second').screenshot({ path: join(shots, 'widget-dark.png') });
  // Chromium logs the server's 503 answer; that one is expected.
  const refused = problems.filter((p) => /status of 503/.test(p));
  assert.equal(refused.length, 1, `503s logged: ${refused}`);
  problems.splice(problems.indexOf(refused[0]), 1);

  step = 'in-browser generate + render time';
  measured.generate_render_ms = await page.evaluate(async () => {
    const m = await import('/assets/jamsesh_wasm.js');
    await m.default();
    const prompts = ['funky slow groove in Bb', 'slow blues in E', 'celtic jig in D', 'bossa nova in A minor'];
    for (const p of prompts) m.renderSvg(m.generate(p, { seed: 1 }).example, { width: 1000 });
    const runs = 40;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) {
      const j = m.generate(prompts[i % prompts.length], { seed: i });
      m.renderSvg(j.example, { width: 1000 });
    }
    return (performance.now() - t0) / runs;
  });

  step = 'a phone-sized screen';
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  phone.on('pageerror', (e) => problems.push(`phone page error: ${e.message}`));
  await phone.goto(`${base}/`);
  await phone.locator('jam-widget #title').filter({ hasText: /\S/ }).waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px on a phone`);
  await phone.screenshot({ path: join(shots, 'widget-phone.png'), fullPage: true });

  step = 'no errors in the console';
  assert.deepEqual(problems, []);
  console.log(JSON.stringify(measured));
} catch (e) {
  console.error(`widget test failed at: ${step}\n${e.stack || e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
