// The package's import time for one backend, in a fresh process: ms from the
// start of import('nativesockets/<backend>') to its end.
// usage: node import.mjs napi|koffi
const backend = process.argv[2];
const t0 = performance.now();
const api = await import(`nativesockets/${backend}`);
const ms = performance.now() - t0;
if (api.backend !== backend) throw new Error(`bench: asked for ${backend}, got ${api.backend}`);
process.stdout.write(`${JSON.stringify({ samples: [ms] })}\n`);
