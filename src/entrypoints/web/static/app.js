// decision-tree's own script: small, no inline code, no tokens (they live in HttpOnly cookies).
// It shows the session-expiry notice from the deadlines the server rendered, and adds the small
// behaviours the pages ask for with data-* attributes (dialogs, copy buttons, focus, redirects).
(function () {
  "use strict";

  var NOTICE_LEAD_MS = 5 * 60 * 1000; // show the notice 5 minutes before the nearer deadline
  var CHECK_EVERY_MS = 30 * 1000; // and look again every 30 seconds
  var DISMISSED_KEY = "dt-dismissed-deadline";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // -- the expiry notice ------------------------------------------------------------------

  function nearerDeadline(notice) {
    var idle = Date.parse(notice.dataset.idleDeadline);
    var absolute = notice.dataset.absoluteDeadline ? Date.parse(notice.dataset.absoluteDeadline) : Infinity;
    if (absolute <= idle) return { kind: "absolute", at: absolute };
    return { kind: "idle", at: idle };
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function showNotice(notice, deadline, left) {
    var idle = deadline.kind === "idle";
    var text;
    if (idle) {
      text = "You will be signed out in " + plural(Math.max(1, Math.ceil(left / 60000)), "minute") +
        " for inactivity.";
    } else {
      text = "Your session reaches its maximum length at " +
        new Date(deadline.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
        ". Sign in again to keep working without interruption.";
    }
    var textElement = notice.querySelector("[data-notice-text]");
    if (textElement.textContent !== text) textElement.textContent = text;
    notice.classList.toggle("notice--warning", idle);
    notice.classList.toggle("notice--info", !idle);
    notice.dataset.kind = deadline.kind;
    notice.querySelector("[data-stay-signed-in]").hidden = !idle;
    notice.querySelector("[data-sign-in-now]").hidden = idle;
    notice.hidden = false;
  }

  function evaluateNotice() {
    var notice = document.getElementById("expiry-notice");
    if (!notice || !notice.dataset.idleDeadline) return;
    var deadline = nearerDeadline(notice);
    var left = deadline.at - Date.now();
    if (left <= 0) {
      // Past the deadline: let the server say what it means (it sends you to sign in).
      window.location.reload();
      return;
    }
    var dismissed = window.sessionStorage.getItem(DISMISSED_KEY) === deadline.kind + "@" + deadline.at;
    if (left > NOTICE_LEAD_MS || dismissed) {
      notice.hidden = true;
      return;
    }
    showNotice(notice, deadline, left);
  }

  function staySignedIn(button) {
    var notice = document.getElementById("expiry-notice");
    button.disabled = true;
    fetch("/session/refresh", {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-csrftoken": csrfToken(), "accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          window.location.assign(body.login_url || "/login");
          return;
        }
        notice.dataset.idleDeadline = body.idle_expires_at;
        notice.dataset.absoluteDeadline = body.absolute_expires_at;
        evaluateNotice();
      });
    }).catch(function () {
      // Offline or the server is away: keep the notice, let the person try again.
    }).finally(function () {
      button.disabled = false;
    });
  }

  function dismissNotice() {
    var notice = document.getElementById("expiry-notice");
    var deadline = nearerDeadline(notice);
    window.sessionStorage.setItem(DISMISSED_KEY, deadline.kind + "@" + deadline.at);
    notice.hidden = true;
  }

  // -- the policy form --------------------------------------------------------------------

  function checkPolicyForm(form) {
    var custom = form.querySelector('input[name="preset"][value="custom"]');
    var idle = form.querySelector('[name="idle_minutes"]');
    var absolute = form.querySelector('[name="absolute_minutes"]');
    var on = Boolean(custom && custom.checked);
    idle.disabled = !on;
    absolute.disabled = !on;
    var problems = { idle_minutes: "", absolute_minutes: "" };
    if (on) {
      problems.idle_minutes = boundProblem(idle, Number(form.dataset.idleMin), Number(form.dataset.idleMax));
      problems.absolute_minutes = boundProblem(
        absolute, Number(form.dataset.absoluteMin), Number(form.dataset.absoluteMax));
      if (!problems.idle_minutes && !problems.absolute_minutes &&
          Number(idle.value) > Number(absolute.value)) {
        problems.absolute_minutes = "Must not be shorter than the idle timeout (" + idle.value + ").";
      }
    }
    Object.keys(problems).forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      var message = form.querySelector('[data-error-for="' + name + '"]');
      message.textContent = problems[name];
      message.hidden = !problems[name];
      if (problems[name]) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  }

  function boundProblem(input, min, max) {
    var text = input.value.trim();
    if (!/^\d+$/.test(text)) return "Enter a whole number of minutes.";
    var value = Number(text);
    if (value < min || value > max) return "Must be between " + min + " and " + max + ".";
    return "";
  }

  // -- what new content asks for ----------------------------------------------------------

  function prepare(root) {
    root.querySelectorAll("[data-policy-form]").forEach(checkPolicyForm);
    root.querySelectorAll("time[data-local-time]").forEach(function (time) {
      var at = new Date(time.getAttribute("datetime"));
      if (!isNaN(at)) time.textContent = at.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    });
    var focus = root.querySelector("[data-focus-on-load]");
    if (focus) focus.focus();
    var redirect = root.matches && root.matches("[data-redirect]") ? root : root.querySelector("[data-redirect]");
    if (redirect && !redirect.dataset.redirecting) {
      redirect.dataset.redirecting = "yes";
      window.setTimeout(function () {
        window.location.assign(redirect.dataset.redirect);
      }, Number(redirect.dataset.redirectAfterMs || 0));
    }
  }

  function copyFrom(button) {
    var source = document.getElementById(button.dataset.copyFrom);
    var status = button.parentElement.querySelector("[data-copy-status]");
    var done = function () { if (status) status.textContent = "Copied."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, function () { source.select(); });
    } else {
      source.select();
      done();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button, a");
    if (!target) return;
    if (target.matches("[data-stay-signed-in]")) staySignedIn(target);
    else if (target.matches("[data-dismiss-notice]")) dismissNotice();
    else if (target.matches("[data-open-dialog]")) document.getElementById(target.dataset.openDialog).showModal();
    else if (target.matches("[data-close-dialog]")) target.closest("dialog").close();
    else if (target.matches("[data-copy-from]")) copyFrom(target);
  });

  document.addEventListener("input", function (event) {
    var form = event.target.closest("[data-policy-form]");
    if (form) checkPolicyForm(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest("[data-policy-form]");
    if (form) checkPolicyForm(form);
  });

  // A partial update that failed leaves the page as it was: say so where the person looks.
  function reportFailure(text) {
    var main = document.getElementById("main");
    var banner = document.getElementById("request-failed");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "request-failed";
      banner.className = "banner banner--danger";
      banner.setAttribute("role", "alert");
      banner.tabIndex = -1;
      main.insertBefore(banner, main.firstChild);
    }
    banner.textContent = text;
    banner.focus();
  }
  // -- step-up: a change that needs a recent sign-in asks for it in place, then retries --------
  // The server answers such a change 401 with X-Reauthenticate naming the confirmation; the
  // dialog comes from there (it knows whether to offer a code), posts back, and on success the
  // change is made again as it was first asked for. This 401 is no signed-out session.

  var retryAfterConfirming = null;

  function askToConfirm(path, elt) {
    retryAfterConfirming = elt;
    var next = encodeURIComponent(location.pathname + location.search);
    fetch(path + "?dialog=1&next=" + next, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var old = document.getElementById("confirm-identity");
        if (old) old.remove();
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var dialog = holder.querySelector("dialog");
        document.body.appendChild(dialog);
        dialog.addEventListener("close", function () { dialog.remove(); });
        dialog.showModal();
        dialog.querySelector('input[name="password"]').focus();
      })
      .catch(function () {
        window.location.assign(path + "?next=" + next);
      });
  }

  function retry(elt) {
    if (!elt) return;
    if (elt.tagName === "FORM") elt.requestSubmit();
    else htmx.trigger(elt, "click");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-confirm-identity]");
    if (!form) return;
    event.preventDefault();
    var error = form.querySelector("[data-confirm-error]");
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-csrftoken": csrfToken(), "accept": "application/json" },
      body: new URLSearchParams(new FormData(form)),
    }).then(function (response) {
      if (response.status === 204) {
        form.closest("dialog").close();
        retry(retryAfterConfirming);
        return;
      }
      return response.json().then(function (body) {
        error.textContent = body.message || "That did not work. Try again.";
        error.hidden = false;
        error.focus();
      });
    }).catch(function () {
      error.textContent = "The server could not be reached. Check the connection and try again.";
      error.hidden = false;
    }).finally(function () {
      button.disabled = false;
    });
  });

  document.addEventListener("htmx:responseError", function (event) {
    var confirmAt = event.detail.xhr.getResponseHeader("x-reauthenticate");
    if (event.detail.xhr.status === 401 && confirmAt) {
      askToConfirm(confirmAt, event.detail.elt);
      return;
    }
    var status = event.detail.xhr.status;
    reportFailure(status === 403
      ? "This form has expired. Reload the page and try again."
      : "That did not work (error " + status + "). Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    reportFailure("The server could not be reached. Check the connection and try again.");
  });

  // The walk: the second click of a double click lands on whatever the first one brought (the
  // next step's answers), so it is dropped; a keyboard press has no click count (detail 0).
  document.addEventListener("click", function (event) {
    if (event.detail > 1 && event.target.closest("[data-single-click]")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // -- the tree editor --------------------------------------------------------------------
  // Each node is a card (an <li data-card> holding a <details>). Which cards the author opened
  // survives a card being re-rendered; links to a node (checks, jump list, find) open its card.
  // Moving and removing a card need no request: the page's order is the document's order.

  var cardsOpen = {}; // card key -> open

  function cardOf(nodeId) {
    var fields = document.querySelectorAll("[data-node-id-field]");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value === nodeId) return fields[i].closest("[data-card]");
    }
    return null;
  }

  function goToNode(nodeId) {
    var card = cardOf(nodeId);
    if (!card) return false;
    card.querySelector("details").open = true;
    var summary = card.querySelector("summary");
    summary.scrollIntoView({ block: "start" });
    summary.focus();
    return true;
  }

  function say(text) {
    var region = document.getElementById("editor-said");
    if (region) region.textContent = text;
  }

  function markEnds(list) {
    var cards = list.children;
    for (var i = 0; i < cards.length; i++) {
      cards[i].querySelector('[data-move-node="up"]').disabled = i === 0;
      cards[i].querySelector('[data-move-node="down"]').disabled = i === cards.length - 1;
    }
  }

  function editorChanged() {
    // The checks beside the editor listen for input on the form.
    document.getElementById("editor").dispatchEvent(new Event("input", { bubbles: true }));
  }

  function nodeIdOf(card) {
    return document.getElementById("n" + card.dataset.card + "-id").value;
  }

  function moveCard(button) {
    var card = button.closest("[data-card]");
    var list = card.parentElement;
    var up = button.dataset.moveNode === "up";
    var other = up ? card.previousElementSibling : card.nextElementSibling;
    if (!other) return;
    list.insertBefore(card, up ? other : other.nextElementSibling);
    markEnds(list);
    var keep = button.disabled ? card.querySelector('[data-move-node="' + (up ? "down" : "up") + '"]') : button;
    keep.focus();
    var place = Array.prototype.indexOf.call(list.children, card) + 1;
    say(nodeIdOf(card) + " is now node " + place + " of " + list.children.length + ".");
    editorChanged();
  }

  function removeCard(button) {
    var card = button.closest("[data-card]");
    var list = card.parentElement;
    var next = card.nextElementSibling || card.previousElementSibling;
    var removed = nodeIdOf(card);
    card.remove();
    if (list.children.length) markEnds(list);
    (next ? next.querySelector("summary") : document.getElementById("new-kind")).focus();
    say("Node " + removed + " removed; nodes that led to it are listed under Checks.");
    editorChanged();
  }

  function prepareEditor(root) {
    var finder = root.querySelector && root.querySelector("[data-find-node]");
    if (finder) finder.hidden = false;
    var cards = root.matches && root.matches("[data-card]") ? [root] : root.querySelectorAll("[data-card]");
    Array.prototype.forEach.call(cards, function (card) {
      var remembered = cardsOpen[card.dataset.card];
      if (remembered !== undefined) card.querySelector("details").open = remembered;
    });
    if (cards.length && cards[0].parentElement) markEnds(cards[0].parentElement);
    var holder = root.matches && root.matches("[data-focus-id]") ? root : root.querySelector("[data-focus-id]");
    if (!holder) return;
    var target = document.getElementById(holder.dataset.focusId);
    holder.removeAttribute("data-focus-id");
    if (!target) return;
    var details = target.closest("details");
    if (details) details.open = true;
    target.focus();
  }

  document.addEventListener("toggle", function (event) {
    var card = event.target.parentElement;
    if (card && card.matches("[data-card]")) cardsOpen[card.dataset.card] = event.target.open;
  }, true); // toggle does not bubble

  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-open-node], [data-focus-field], [data-move-node], [data-remove-node]");
    if (!control || control.disabled) return;
    event.preventDefault();
    if (control.dataset.moveNode) moveCard(control);
    else if (control.hasAttribute("data-remove-node")) removeCard(control);
    else if (control.dataset.focusField) document.getElementById(control.dataset.focusField).focus();
    else goToNode(control.dataset.openNode);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-find-node]");
    if (!form) return;
    event.preventDefault();
    var nodeId = form.querySelector("input").value.trim();
    form.querySelector("[data-find-status]").textContent =
      goToNode(nodeId) ? "" : "No node has the id \u201c" + nodeId + "\u201d.";
  });

  // A card's summary shows its id and the start of its text; keep them in step with the typing.
  document.addEventListener("input", function (event) {
    var mirror = event.target.id && document.querySelector('[data-mirror="' + event.target.id + '"]');
    if (mirror) mirror.textContent = event.target.value.slice(0, 80);
  });

  // htmx announces each piece of content it swaps in; the page itself is prepared at once.
  document.addEventListener("htmx:load", function (event) {
    prepare(event.target);
    prepareEditor(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    prepare(document);
    prepareEditor(document);
    if (location.hash.indexOf("#node-") === 0) goToNode(decodeURIComponent(location.hash.slice(6)));
    evaluateNotice();
    window.setInterval(evaluateNotice, CHECK_EVERY_MS);
  });
})();

// A tree's diagram may be wider than a phone: its frame opens centred on the start node.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-centre-on]").forEach(function (frame) {
      frame.scrollLeft = Number(frame.dataset.centreOn) - frame.clientWidth / 2;
    });
  });
})();
