// GOV.UK Frontend components, and the hide-screen control.
import { initAll } from './govuk-frontend.min.js';
// Search-as-you-type for the person pickers.
import './picker.js';

initAll();

// Hide screen: blank the page at once (a learner walks in). Without JavaScript the same
// control is a link to an empty page.
const hide = document.getElementById('hide-screen');
const overlay = document.getElementById('hide-screen-overlay');
const show = document.getElementById('show-screen');
if (hide && overlay && show) {
  const realTitle = document.title;
  hide.addEventListener('click', (event) => {
    event.preventDefault();
    overlay.hidden = false;
    document.title = 'dueregard';
    show.focus();
  });
  show.addEventListener('click', () => {
    overlay.hidden = true;
    document.title = realTitle;
    hide.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && overlay.hidden) {
      overlay.hidden = false;
      document.title = 'dueregard';
      show.focus();
    }
  });
}
