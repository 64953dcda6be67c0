// Where the widget's work is done: the WebAssembly engine in the browser, or a `jamsesh serve`
// at the `api` attribute's address with the browser as the fallback.

import { JamError } from './errors.js';

const MODULE_URL = new URL('../jamsesh_wasm.js', import.meta.url);

/** Loads the WebAssembly engine once; resolves to the module or rejects. */
let wasmPromise = null;
export function loadWasm() {
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

/** The widget's API client: the server at the host element's `api` address when set (with its
 * `backend`), else the WebAssembly engine. */
export class Client {
  constructor(host) {
    this.host = host;
    /** Why the last `run` fell back to the browser, for the status line. */
    this.fallbackReason = null;
  }

  /** The server's composer for jams asked of the `api`: the `backend` attribute, `llm` by default. */
  backend() {
    const b = (this.host.getAttribute('backend') || 'llm').toLowerCase();
    return ['engine', 'llm', 'hybrid', 'intent'].includes(b) ? b : 'llm';
  }

  /** The `api` base URL, or null when the widget works in the browser only. */
  apiBase() {
    if (!this.host.hasAttribute('api')) return null;
    return (this.host.getAttribute('api') || '').replace(/\/+$/, '');
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
        this.fallbackReason = e.code === 'llm_not_configured' ? 'it has no LLM backend' : e.message;
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
}
