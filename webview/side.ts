// Entry of the Connections side view's webview bundle (dist/webview/side.js + side.css): the live panel's
// stylesheet and models, without what only the panel needs (Chart.js, the UI toolkit).
import './zodJitless';
import './styles.css';
import './side/side.css';
import { SideApp } from './side/sideApp';

const root = document.getElementById('app');
if (root) new SideApp(root).start();
else console.error('LVS Lab Connections view: no #app element in the page');
