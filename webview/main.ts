// Entry of the live panel's webview bundle (dist/webview/main.js + main.css).
import './zodJitless';
import './styles.css';
import { App } from './app';
import { registerComponents } from './components';
import { setupL10n } from './l10nSetup';

// Translations first: every text is looked up when the views are built.
setupL10n(document);
registerComponents();
const root = document.getElementById('app');
if (root) new App(root).start();
else console.error('LVS Lab panel: no #app element in the page');
