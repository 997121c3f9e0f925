// The builder of the element trees the core writes (src/view.rs, `Tree`):
// one call from the WebAssembly builds a whole layer, a policy or a table.
// Registry strings only ever become text nodes and attribute values
// (createElement, setAttribute, text nodes; never HTML parsing).
//
// Tokens, separated by U+001F: `<tag` opens an element, `@name=value` sets
// an attribute, `"text` appends a text node, `>` closes the element, `%n`
// appends a table row whose n cells are the next n tokens.
// Returns the tree's root element, not yet in the page.
export function build(program) {
  var d = document;
  var tokens = program.split('\u001f');
  var top = d.createDocumentFragment();
  var current = top;
  var proto = null;
  for (var i = 0; i < tokens.length; i++) {
    var token = tokens[i];
    var op = token.charAt(0);
    var rest = token.slice(1);
    if (op === '<') {
      current = current.appendChild(d.createElement(rest));
    } else if (op === '@') {
      var eq = rest.indexOf('=');
      current.setAttribute(rest.slice(0, eq), rest.slice(eq + 1));
    } else if (op === '"') {
      current.appendChild(d.createTextNode(rest));
    } else if (op === '>') {
      current = current.parentNode;
    } else if (op === '%') {
      // Rows are clones of one empty row: cheaper than building each cell
      // (a policy may list a thousand cookies).
      var n = +rest;
      if (!proto || proto.childNodes.length !== n) {
        proto = d.createElement('tr');
        for (var j = 0; j < n; j++) proto.appendChild(d.createElement('td')).appendChild(d.createTextNode(''));
      }
      var row = proto.cloneNode(true);
      for (var cell = row.firstChild; cell; cell = cell.nextSibling) cell.firstChild.data = tokens[++i];
      current.appendChild(row);
    }
  }
  return top.firstChild;
}
