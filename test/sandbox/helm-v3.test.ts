/** The real helm v3.17.3 (create + three-way strategic merge patch, polling waits) against the sandbox; see helm-scenario.ts. */
import { helmScenario } from './helm-scenario.js';

helmScenario('v3');
