// Entry of the Connections side view's webview bundle (dist/webview/side.js + side.css): the live panel's
// stylesheet and models, without what only the panel needs (Chart.js, the UI toolkit).
import './zodJitless';
import './styles.css';
import './side/side.css';
import { setupL10n } from './l10nSetup';
import { SideApp } from './side/sideApp';

// Translations first: every text is looked up when the view is built.
setupL10n(document);
const root = document.getElementById('app');
if (root) new SideApp(root).start();
else console.error('LVS Lab Connections view: no #app element in the page');
