// Checks of one rendered page, run in the browser by the phone test
// (phone_test.go). Returns what is wrong: elements wider than the screen,
// text below WCAG AA contrast, chart labels drawn too small.
(function (minFont) {
  var W = document.documentElement.clientWidth;
  var out = { scrollWidth: document.documentElement.scrollWidth, width: W, wide: [], contrast: [], small: [], texts: 0, chartLabels: 0 };

  function describe(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) { s += "#" + el.id; }
    if (typeof el.className === "string" && el.className.trim()) { s += "." + el.className.trim().split(/\s+/).join("."); }
    var text = (el.textContent || "").replace(/\s+/g, " ").trim();
    return s + (text ? " «" + text.slice(0, 40) + "»" : "");
  }

  // clipped: an ancestor that scrolls or clips this box sideways. A box
  // positioned absolute is clipped only by its containing block (the nearest
  // positioned ancestor) and what holds that: that is how a label hidden for
  // screen readers escapes the scroll box of its table.
  function clipped(el) {
    var mode = getComputedStyle(el).position;
    for (var p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      if (mode === "fixed") { return false; }
      var cs = getComputedStyle(p);
      if (mode === "absolute" && cs.position === "static") { continue; }
      if (cs.overflowX !== "visible") { return true; }
      mode = cs.position;
    }
    return false;
  }

  function visible(el) {
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) { return false; }
    var r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > 0;
  }

  // ---- width
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if ((r.width === 0 && r.height === 0) || r.right <= W + 0.5) { return; }
    if (!clipped(el)) { out.wide.push(describe(el) + " → " + Math.round(r.right) + " px"); }
  });

  // ---- contrast (WCAG 2.x relative luminance)
  function parse(c) {
    var m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) { return null; }
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function over(top, bottom) {
    var a = top.a + bottom.a * (1 - top.a);
    if (a === 0) { return { r: 0, g: 0, b: 0, a: 0 }; }
    function mix(x, y) { return (x * top.a + y * bottom.a * (1 - top.a)) / a; }
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: a };
  }
  function lum(c) {
    function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  // background: the colours under el, composited up to an opaque one (the
  // canvas is white).
  function background(el) {
    var layers = [];
    for (var p = el; p; p = p.parentElement) {
      var c = parse(getComputedStyle(p).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) { break; }
      }
    }
    var bg = { r: 255, g: 255, b: 255, a: 1 };
    for (var i = layers.length - 1; i >= 0; i--) { bg = over(layers[i], bg); }
    return bg;
  }
  function ownText(el) {
    for (var n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 && n.nodeValue.trim()) { return true; }
    }
    return false;
  }
  var seen = {};
  document.querySelectorAll("body *").forEach(function (el) {
    if (!ownText(el) || !visible(el) || el.closest("[disabled], option, script, style, title, desc")) { return; }
    var cs = getComputedStyle(el);
    var svgText = el instanceof SVGElement;
    out.texts++;
    var fg = parse(svgText ? cs.fill : cs.color);
    if (!fg) { return; }
    var bg = svgText ? background(el.ownerSVGElement || el) : background(el);
    var text = over(fg, bg);
    var l1 = lum(text), l2 = lum(bg);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    var size = parseFloat(cs.fontSize);
    if (svgText) {
      var m = el.getScreenCTM();
      size *= m ? Math.hypot(m.a, m.b) : 1;
    }
    var bold = parseInt(cs.fontWeight, 10) >= 700;
    var large = size >= 24 || (bold && size >= 18.66);
    var need = large ? 3 : 4.5;
    if (ratio + 0.005 < need) {
      var key = cs.color + "|" + cs.backgroundColor + "|" + describe(el).split(" ")[0];
      if (!seen[key]) {
        seen[key] = true;
        out.contrast.push(describe(el) + " " + ratio.toFixed(2) + ":1 (needs " + need + ")");
      }
    }
  });

  // ---- chart labels: the size a reader sees, after the SVG is scaled.
  document.querySelectorAll("svg text").forEach(function (t) {
    if (!visible(t)) { return; }
    out.chartLabels++;
    var m = t.getScreenCTM();
    var size = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
    if (size + 0.05 < minFont) { out.small.push(describe(t) + " " + size.toFixed(1) + " px"); }
  });
  return out;
})
