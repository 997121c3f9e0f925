// orejime 3.2.1, configured from its README: two purposes (necessary,
// mandatory; statistics), the English standard build, and the gated script
// wrapped in <template data-purpose="statistics"> in the page.
window.orejimeConfig = {
  privacyPolicyUrl: '/cookies/',
  purposes: [
    { id: 'necessary', title: 'Necessary cookies', description: 'They keep you signed in and remember your cookie choices.',
      cookies: ['sessionid'], isMandatory: true },
    { id: 'statistics', title: 'Statistics cookies', description: 'Matomo counts visits so that we know which datasets are useful.',
      cookies: [/^_pk_id\./, /^_pk_ses\./] }
  ]
};
