// The main entry's import cost for one backend, in a fresh process: this
// process's CPU time (every thread, start-up included) after
// `import('nativesockets')` with NATIVESOCKETS_BACKEND set; `none` does the
// same without the import, so bench/run.mjs subtracts Node's own start-up.
// usage: node import.mjs napi|koffi|none
const backend = process.argv[2];
const t0 = performance.now();
if (backend !== 'none') {
  process.env.NATIVESOCKETS_BACKEND = backend;
  const api = await import('nativesockets');
  if (api.backend !== backend) throw new Error(`bench: asked for ${backend}, got ${api.backend}`);
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ samples: [(cpu.user + cpu.system) / 1000], wallMs })}\n`);
