// The demo portals' language menu, as on the platform: the choice goes into
// the django_language cookie (which the platform and consent-banner both
// read) and the page reloads in that language.
(function () {
  var menu = document.querySelector('[data-language-menu]');
  if (!menu) return;
  var current = /(?:^|;)\s*django_language=([a-z]{2})/.exec(document.cookie);
  menu.value = current ? current[1] : (document.documentElement.lang || 'en');
  menu.addEventListener('change', function () {
    document.cookie = 'django_language=' + menu.value + '; Path=/; Max-Age=31536000; SameSite=Lax';
    location.reload();
  });
})();
