// Prints a DOCKER_HOST with real IPVS (starting the lab host VM if needed), for scripts.
import { ensureEngine } from './engine';

ensureEngine().then(
  (host) => console.log(host),
  (e: unknown) => {
    console.error(`No Docker engine with IPVS: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
