// vanilla-cookieconsent 3.1.0, configured from its types/index.d.ts: two
// categories (necessary, read-only; analytics), English, and the gated
// <script type="text/plain" data-category="analytics"> in the page.
// hideFromBots is off because the bench browser is automated
// (navigator.webdriver), which the default treats as a bot and shows nothing.
CookieConsent.run({
  hideFromBots: false,
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {}
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'Necessary cookies keep the portal working. With your consent, statistics cookies count visits so that we know which datasets are useful.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Customize'
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save choices',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Necessary cookies', description: 'They keep you signed in and remember your cookie choices.', linkedCategory: 'necessary' },
            { title: 'Statistics cookies', description: 'Matomo counts visits so that we know which datasets are useful.', linkedCategory: 'analytics' }
          ]
        }
      }
    }
  }
});
