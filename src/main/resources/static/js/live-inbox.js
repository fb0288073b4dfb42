// The live inbox keeps to the page's limit: a live update brings a conversation's row to the top of the list,
// and once the list holds more rows than the page shows (data-row-limit), the oldest leave from the bottom, as
// they would on a reload. Watches the list's container, whose whole list a live frame may also redraw.
(function () {
  function trim(list) {
    var limit = parseInt(list.getAttribute("data-row-limit"), 10);
    if (!(limit > 0)) { return; }
    while (list.children.length > limit) {
      list.removeChild(list.lastElementChild);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("inbox-list");
    if (!container || !window.MutationObserver) { return; }
    new MutationObserver(function () {
      var list = document.getElementById("conversation-rows");
      if (list) { trim(list); }
    }).observe(container, { childList: true, subtree: true });
  });
})();
