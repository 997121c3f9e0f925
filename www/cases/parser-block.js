// Holds the parser in the async-deferred case (the test delays this file).
window.__parserBlockRan = true;
