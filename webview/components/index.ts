// Our own small component functions over the UI toolkit; the rest of the panel uses only these.
export { registerComponents } from './register';
export { button, type Button } from './button';
export { textField, type TextField } from './textField';
export { dropdown, type Dropdown, type DropdownOption } from './dropdown';
export { tabs, type Tabs, type TabSpec } from './tabs';
export { badge, type Badge } from './badge';
export { progressRing } from './progressRing';
