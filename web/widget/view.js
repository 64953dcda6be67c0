// Drawing a jam into the widget's shadow DOM: the title and meta line, the chord buttons, the
// scales, and SVG engravings made to scale with their box.

/** What was read from the prompt, short: `reggae + funk · A minor · 66 bpm · not a style I know
 * yet: … · steered: higher (not understood: wobbly)`. */
export function understoodLine(u) {
  if (!u) return '';
  const value = (k) => (u[k] ? u[k][0] : null);
  const steered = u.steer ? `steered: ${u.steer[0]}`
    + (u.steer_unknown && u.steer_unknown.length ? ` (not understood: ${u.steer_unknown.join(', ')})` : '') : null;
  return [value('style'), u.colour ? `+ ${u.colour[0]}` : null, value('key'), value('meter'),
    u.tempo ? `${u.tempo[0]} bpm` : null, u.bars ? `${u.bars[0]} bars` : null,
    value('instrument'), value('mood'), u.note || null, steered].filter(Boolean).join(' · ');
}

/** Fills the result section with `jam`: `engine` made it, `scales` are its scales as
 * `[{name, notes}]`, `secondVoice` says whether it has a harmony voice to play along, and
 * `onChord(symbol)` is called when a bar's button is pressed. */
export function showJam($, jam, { engine, scales, secondVoice, onChord }) {
  $('result').hidden = false;
  $('title').textContent = jam.title;
  const meta = $('meta');
  meta.innerHTML = '';
  meta.append(`Key ${jam.key} ${jam.mode} · ${jam.meter} · ${jam.tempo} bpm · ${jam.bars} bars · seed ${jam.seed} · `);
  const eng = document.createElement('span');
  eng.className = 'engine';
  eng.dataset.engine = engine;
  eng.textContent = engine === 'server' ? 'server' : 'in-browser engine';
  meta.append(eng);
  $('stylenote').textContent = jam.style;
  showChords($('chords'), jam.chords, onChord);
  showScales($('scales'), scales);
  $('tempo').value = String(jam.tempo);
  $('tempo-out').value = `${jam.tempo} bpm`;
  $('harmony-on').disabled = !secondVoice;
  $('voicing').hidden = true;
}

/** One button per bar (`chords` is "Am7 | D7 | …"), numbered, sounding the bar's first chord. */
function showChords(box, chords, onChord) {
  box.innerHTML = '';
  chords.split('|').map((c) => c.trim()).forEach((bar, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.bar = String(i);
    b.setAttribute('aria-label', `Bar ${i + 1}: ${bar}`);
    b.append(bar);
    const n = document.createElement('small');
    n.textContent = String(i + 1);
    n.setAttribute('aria-hidden', 'true');
    b.append(n);
    b.addEventListener('click', () => onChord(bar.split(/\s+/)[0]));
    box.append(b);
  });
}

/** The scales as a list: each name in bold, then its notes. */
function showScales(box, scales) {
  const ul = document.createElement('ul');
  for (const s of scales) {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = s.name;
    const notes = document.createElement('span');
    notes.textContent = s.notes.join(' ');
    li.append(name, ' ', notes);
    ul.append(li);
  }
  box.innerHTML = '';
  box.append(ul);
}

/** Puts an engraving in `box`, sized by CSS rather than its own width and height. */
export function placeSvg(box, svgText) {
  box.innerHTML = svgText;
  const svg = box.querySelector('svg');
  if (svg) {
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('aria-hidden', 'true');
  }
}

/** A file name from a title: `Slow Blues in E` → `slow-blues-in-e`. */
export function slug(text) {
  return (text || 'jam').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'jam';
}
