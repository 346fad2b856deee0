// "Copy link": copies the canonical URL with the Clipboard API; when that is missing or
// refused, shows a read-only field with the URL selected. Without JavaScript the plain
// link stays visible and the button stays hidden.
(function () {
  'use strict';
  function setup(box) {
    var button = box.querySelector('.copy-link__button');
    var plain = box.querySelector('.copy-link__plain');
    var input = box.querySelector('.copy-link__input');
    var status = box.querySelector('.copy-link__status');
    if (!button || !input || !status) return;
    var url = button.getAttribute('data-copy-url');
    button.hidden = false;
    if (plain) plain.hidden = true;
    var timer = null;
    function say(text) {
      status.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = ''; }, 4000);
    }
    function fallback() {
      input.hidden = false;
      input.focus();
      input.select();
      say(box.getAttribute('data-failed') || '');
    }
    button.addEventListener('click', function () {
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        fallback();
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        say(box.getAttribute('data-copied') || '');
      }, fallback);
    });
  }
  var boxes = document.querySelectorAll('[data-copy-link]');
  for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
})();
