/* The usual gtag snippet, without the network: it only fills dataLayer. */
window.dataLayer = window.dataLayer || [];
function gtag() { window.dataLayer.push(arguments); }
gtag('js', new Date());
gtag('config', 'G-DEMO123');
