// Person pickers (dueregard/people/picker.py): with JavaScript, typing in the search box
// (or Find, or Enter) asks the server for the matches and puts them under the box, so the
// rest of the form (and any files chosen) stays as it is. Without JavaScript, Find submits
// the form and the page comes back with the matches. The words go in a POST body, never in
// a URL.
const DELAY_MS = 400;
const MIN_LENGTH = 2;

function setUp(picker) {
  const form = picker.closest('form');
  const input = picker.querySelector('input[type="search"]');
  const button = picker.querySelector('button[name="find_person"]');
  const results = picker.querySelector('[data-picker-results]');
  const status = picker.querySelector('[data-picker-status]');
  const token = form && form.querySelector('input[name="csrfmiddlewaretoken"]');
  const url = picker.dataset.url;
  if (!form || !input || !results || !status || !token || !url) {
    return;
  }
  let timer = 0;
  let last = input.value.trim();
  let controller = null;

  const search = async (force) => {
    const words = input.value.trim();
    if (!force && words === last) {
      return;
    }
    last = words;
    const chosen = results.querySelector('input[type="radio"]:checked');
    const body = new FormData();
    body.append('csrfmiddlewaretoken', token.value);
    body.append('field', picker.dataset.field);
    body.append('base', input.id);
    body.append('q', words);
    body.append('chosen', chosen ? chosen.value : '');
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok) {
        throw new Error(`search answered ${response.status}`);
      }
      const answer = await response.json();
      results.innerHTML = answer.html;
      status.textContent = answer.status;
    } catch (error) {
      if (error.name !== 'AbortError') {
        last = null;
        status.textContent = 'The search did not work. Press Find to try again.';
      }
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const length = input.value.trim().length;
    if (length === 0 || length >= MIN_LENGTH) {
      timer = window.setTimeout(() => search(false), DELAY_MS);
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      window.clearTimeout(timer);
      search(true);
    }
  });
  if (button) {
    button.addEventListener('click', (event) => {
      event.preventDefault();
      window.clearTimeout(timer);
      search(true);
    });
  }
}

document.querySelectorAll('[data-person-picker]').forEach(setUp);
