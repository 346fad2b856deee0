// On small screens, once the headline has scrolled out of view, a bar repeats it at the
// top of the screen until the reader closes it with its "x" button.
(function () {
  'use strict';
  var bar = document.querySelector('[data-sticky-headline]');
  var headline = document.getElementById('headline');
  if (!bar || !headline || !('IntersectionObserver' in window)) return;
  var close = bar.querySelector('[data-sticky-close]');
  var dismissed = false;
  var observer = new IntersectionObserver(function (entries) {
    var gone = !entries[0].isIntersecting && entries[0].boundingClientRect.top < 0;
    bar.hidden = dismissed || !gone;
  });
  observer.observe(headline);
  if (close) {
    close.addEventListener('click', function () {
      dismissed = true;
      bar.hidden = true;
      observer.disconnect();
    });
  }
})();
