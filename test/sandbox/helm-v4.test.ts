/** The real helm v4.1.4 (server-side apply, kstatus waits) against the sandbox; see helm-scenario.ts. */
import { helmScenario } from './helm-scenario.js';

helmScenario('v4');
