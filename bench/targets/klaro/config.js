// klaro 0.7.22, configured from its annotated dist/config.js: one required
// service (necessary) and one optional service (statistics), English, and the
// gated <script type="text/plain" data-name="statistics"> in the page.
window.klaroConfig = {
  version: 1,
  elementID: 'klaro',
  lang: 'en',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  hideLearnMore: false,
  groupByPurpose: false,
  translations: {
    en: {
      privacyPolicyUrl: '/cookies/',
      necessary: { title: 'Necessary cookies', description: 'They keep you signed in and remember your cookie choices.' },
      statistics: { title: 'Statistics cookies', description: 'Matomo counts visits so that we know which datasets are useful.' },
      purposes: { necessary: 'Necessary', statistics: 'Statistics' }
    }
  },
  services: [
    { name: 'necessary', purposes: ['necessary'], required: true, cookies: ['sessionid'] },
    { name: 'statistics', purposes: ['statistics'], default: false, cookies: [/^_pk_id\./, /^_pk_ses\./] }
  ]
};
