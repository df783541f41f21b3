import { config } from 'zod';

// The page's CSP forbids eval. zod probes for it with `new Function` the first time it parses,
// which the browser reports as a violation; the libraries parse while they load, so this module
// must be the entry's first import.
config({ jitless: true });
