/* Drag rows of a tabular inline to reorder them; the "order" inputs are renumbered 1..n.
   Without JavaScript the numbers are typed by hand (blank ones are filled on save). */
"use strict";
(function () {
  function orderInput(row) {
    return row.querySelector("input.inline-order");
  }

  function liveRows(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row")).filter(function (row) {
      return !row.classList.contains("empty-form") && orderInput(row);
    });
  }

  // A blank extra row must stay blank, or Django would validate it as a row being added.
  function inUse(row) {
    const id = row.querySelector("input[type=hidden][name$='-id']");
    if (id && id.value) {
      return true;
    }
    const fields = row.querySelectorAll("input[type=text], input[type=number]:not(.inline-order), textarea, select.admin-autocomplete");
    return Array.from(fields).some(function (f) { return f.value !== ""; });
  }

  function renumber(tbody) {
    let n = 0;
    liveRows(tbody).forEach(function (row) {
      const del = row.querySelector("input[name$='-DELETE']");
      if ((del && del.checked) || !inUse(row)) {
        return;
      }
      n += 1;
      orderInput(row).value = n;
    });
  }

  function nextNumber(tbody) {
    let max = 0;
    liveRows(tbody).forEach(function (row) {
      const v = parseInt(orderInput(row).value, 10);
      if (!isNaN(v) && v > max) {
        max = v;
      }
    });
    return max + 1;
  }

  let dragged = null;

  function makeDraggable(row) {
    if (row.dataset.dragReady || !orderInput(row) || row.classList.contains("empty-form")) {
      return;
    }
    row.dataset.dragReady = "1";
    row.classList.add("drag-ready");
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.textContent = "\u2630";
    handle.title = "拖動以調整順序";
    const input = orderInput(row);
    input.parentNode.insertBefore(handle, input);
    // Only the handle starts a drag, so text in the row's inputs can still be selected.
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    row.addEventListener("dragstart", function (e) {
      dragged = row;
      row.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", "");
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dragging");
      row.draggable = false;
      dragged = null;
      document.querySelectorAll("tr.drag-over").forEach(function (r) { r.classList.remove("drag-over"); });
    });
    row.addEventListener("dragover", function (e) {
      if (dragged && dragged !== row && dragged.parentNode === row.parentNode) {
        e.preventDefault();
        row.classList.add("drag-over");
      }
    });
    row.addEventListener("dragleave", function () { row.classList.remove("drag-over"); });
    row.addEventListener("drop", function (e) {
      e.preventDefault();
      row.classList.remove("drag-over");
      if (!dragged || dragged === row || dragged.parentNode !== row.parentNode) {
        return;
      }
      const rows = liveRows(row.parentNode);
      if (rows.indexOf(dragged) < rows.indexOf(row)) {
        row.after(dragged);
      } else {
        row.before(dragged);
      }
      renumber(row.parentNode);
    });
  }

  function init() {
    document.querySelectorAll(".inline-group .tabular tbody").forEach(function (tbody) {
      liveRows(tbody).forEach(makeDraggable);
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("formset:added", function (e) {
    const row = e.target;
    const input = row && orderInput(row);
    if (input && (!input.value || input.value === "0")) {
      input.value = nextNumber(row.parentNode);
    }
    if (row) {
      makeDraggable(row);
    }
  });
})();
