/* Progressive enhancement for the public pages. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Language switcher: submit on change (the button stays for keyboard users without JS).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The filter form is folded in the HTML so a phone shows results first; wide screens have room for it.
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    if (window.matchMedia("(min-width: 40.01rem)").matches) { details.open = true; }
  });

  // Source highlighting: clicking an item's source link marks its span and scrolls the source
  // panel (not the whole page) so the item and its source stay side by side.
  function activate(id) {
    document.querySelectorAll("mark.src.is-active").forEach(function (m) { m.classList.remove("is-active"); });
    var marks = document.querySelectorAll('mark.src[data-src="' + id + '"]');
    marks.forEach(function (m) { m.classList.add("is-active"); });
    return marks[0] || null;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-src]");
    if (!link) { return; }
    var mark = activate(link.getAttribute("data-src"));
    if (!mark) { return; }
    var panel = mark.closest(".source");
    var scroller = mark.closest(".source__scroll");
    var sideBySide = panel && scroller && getComputedStyle(panel).position === "sticky";
    if (sideBySide) {
      event.preventDefault();
      scroller.scrollTop += mark.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 48;
      history.replaceState(null, "", "#" + mark.id);
    }
  });

  // Beside the minutes the source panel scrolls inside itself; offer to let it run at full length.
  document.querySelectorAll(".source__expand").forEach(function (button) {
    var panel = button.closest(".source");
    var scroller = document.getElementById(button.getAttribute("aria-controls"));
    function update() {
      var expanded = panel.classList.contains("source--expanded");
      // The text's bottom padding (room for the fade) does not count as more text.
      var text = scroller.firstElementChild;
      var room = text ? parseFloat(getComputedStyle(text).paddingBottom) || 0 : 0;
      var clipped = getComputedStyle(panel).position === "sticky" && scroller.scrollHeight - room > scroller.clientHeight + 2;
      button.hidden = !(expanded || clipped);
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
      button.textContent = button.getAttribute(expanded ? "data-label-collapse" : "data-label-expand");
    }
    button.addEventListener("click", function () {
      panel.classList.toggle("source--expanded");
      update();
      if (!panel.classList.contains("source--expanded")) { panel.scrollIntoView({ block: "nearest" }); }
    });
    window.addEventListener("resize", update);
    update();
  });
  if (location.hash.indexOf("#src-") === 0) { activate(location.hash.slice(1)); }

  // Person autocomplete on the meeting filter form: fills the hidden person id.
  var input = document.querySelector("input[data-autocomplete]");
  if (!input) { return; }
  var hidden = document.getElementById(input.getAttribute("data-target"));
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var url = input.getAttribute("data-autocomplete");
  var timer = null, current = -1, items = [], lastQuery = "";

  function close() {
    list.hidden = true; list.innerHTML = ""; current = -1; items = [];
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function choose(person) {
    input.value = person.name; hidden.value = person.id; close();
  }
  function highlight(index) {
    var nodes = list.querySelectorAll("li");
    nodes.forEach(function (node, i) { node.setAttribute("aria-selected", i === index ? "true" : "false"); });
    current = index;
    if (nodes[index]) { input.setAttribute("aria-activedescendant", nodes[index].id); }
  }
  function render(people) {
    items = people; list.innerHTML = "";
    if (!people.length) { close(); return; }
    people.forEach(function (person, i) {
      var li = document.createElement("li");
      li.id = "person-option-" + i;
      li.setAttribute("role", "option");
      li.textContent = person.name;
      var py = document.createElement("span");
      py.className = "pinyin"; py.textContent = person.pinyin || "";
      li.appendChild(py);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(person); });
      list.appendChild(li);
    });
    list.hidden = false; input.setAttribute("aria-expanded", "true");
  }
  input.addEventListener("input", function () {
    hidden.value = "";  // typing again means the earlier pick no longer applies
    var q = input.value.trim();
    clearTimeout(timer);
    if (!q) { close(); return; }
    timer = setTimeout(function () {
      lastQuery = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (data) {
          if (q !== lastQuery) { return; }
          render(Array.isArray(data) ? data.slice(0, 10) : (data.results || []).slice(0, 10));
        })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(current + 1, items.length - 1)); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(current - 1, 0)); }
    else if (event.key === "Enter" && current >= 0) { event.preventDefault(); choose(items[current]); }
    else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
