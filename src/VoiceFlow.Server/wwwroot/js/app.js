// Entry point: wires the page's parts together. Each part lives in its own module.

import { initDictation } from './dictation.js';
import { initServerStatus } from './server-status.js';
import { initSettings } from './settings.js';
import { initStats } from './stats-panel.js';
import { initUpload } from './upload.js';

initSettings();
initServerStatus();
initDictation();
initUpload();
initStats();
