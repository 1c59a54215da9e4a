// Imported first by main.ts. zod compiles fast validators with `new Function` unless told not to; the panel's
// CSP has no 'unsafe-eval', and even zod's try-and-catch probe is reported as a CSP violation. zod reads the
// setting when a schema is built, so this must run before the protocol's schemas are evaluated.
import { config } from 'zod';

config({ jitless: true });
