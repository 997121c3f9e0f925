// The demo portals' language menu, as on the platform: the choice goes into
// the django_language cookie (which the platform and consent-banner both
// read) and the page reloads in that language. Built here, next to the main
// navigation, since it only works with this script.
(function () {
  var nav = document.querySelector('.header-row nav');
  if (!nav) return;
  var box = document.createElement('div');
  box.className = 'lang-menu';
  var label = box.appendChild(document.createElement('label'));
  label.htmlFor = 'language';
  label.textContent = 'Language';
  var menu = box.appendChild(document.createElement('select'));
  menu.id = 'language';
  [['en', 'English'], ['fr', 'Français'], ['es', 'Español']].forEach(function (l) {
    var option = menu.appendChild(document.createElement('option'));
    option.value = l[0];
    option.lang = l[0];
    option.textContent = l[1];
  });
  var current = /(?:^|;)\s*django_language=([a-z]{2})/.exec(document.cookie);
  menu.value = current ? current[1] : (document.documentElement.lang || 'en');
  menu.addEventListener('change', function () {
    document.cookie = 'django_language=' + menu.value + '; Path=/; Max-Age=31536000; SameSite=Lax';
    location.reload();
  });
  nav.after(box);
})();
