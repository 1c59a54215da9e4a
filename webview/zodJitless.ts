// Imported first by main.ts. zod can compile fast validators with `new Function` unless told not to; the panel's
// CSP has no 'unsafe-eval', and even zod's try-and-catch probe is reported as a CSP violation. zod reads the
// setting when a schema is built, so this must run before the protocol's schemas are evaluated. (zod/mini's
// objects do not compile today, but the setting costs nothing and keeps it so if that changes.)
import { config } from 'zod/mini';

config({ jitless: true });
