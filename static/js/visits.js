/* Field visits on a phone: keep each visit on the phone first, send it when there is a connection.
 *
 * A recorded visit is written to IndexedDB (photo included) under an id made
 * here, and only then posted. It leaves the queue only when the server answers
 * "recorded" or "already recorded"; the server is idempotent on that id, so a
 * retry after a lost answer never records a visit twice. Sending is tried on
 * page load, when the connection returns, every 30 seconds and on "Send now".
 * A visit the server refuses stays listed until the user discards it.
 * Translated texts come from data attributes of the page (no inline script).
 */
(function () {
  "use strict";

  const DB_NAME = "plakats-visits";
  const STORE = "pending";
  const RETRY_MS = 30000;
  const SENT = new Set(["recorded", "already recorded"]);

  const queueBox = document.getElementById("visit-queue");
  const text = queueBox ? queueBox.dataset : {};
  const currentUser = text.user || "";
  let sending = false;
  let storageWorks = true;

  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  // Storage ------------------------------------------------------------------------------

  let dbPromise = null;

  function openDb() {
    return new Promise((resolve, reject) => {
      if (!window.indexedDB) {
        reject(new Error("IndexedDB is not available"));
        return;
      }
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "clientId" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("IndexedDB is blocked"));
    });
  }

  async function withStore(mode, action) {
    dbPromise = dbPromise || openDb();
    const db = await dbPromise;
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  const putItem = (item) => withStore("readwrite", (store) => store.put(item));
  const deleteItem = (clientId) => withStore("readwrite", (store) => store.delete(clientId));
  const getItem = (clientId) => withStore("readonly", (store) => store.get(clientId));

  async function allItems() {
    const items = await withStore("readonly", (store) => store.getAll());
    return items.sort((a, b) => a.savedAt - b.savedAt);
  }

  // Sending ------------------------------------------------------------------------------

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showStatus(message) {
    const status = queueBox && queueBox.querySelector(".queue-status");
    if (status) {
      status.textContent = message || "";
    }
  }

  async function remember(item, state, message) {
    const stored = await getItem(item.clientId);
    if (stored) {
      stored.state = state;
      stored.message = message;
      await putItem(stored);
    }
    showStatus("");
  }

  async function sendOne(item) {
    const body = new FormData();
    for (const [name, value] of item.fields) {
      body.append(name, value);
    }
    if (item.photo) {
      body.append("photo", item.photo, item.photoName || "photo.jpg");
    }
    let response;
    try {
      response = await fetch(item.url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      });
    } catch (error) {
      await remember(item, "waiting", text.noConnection);
      return false;
    }
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("application/json")) {
      // A login page after an expired session, a CSRF refusal, a proxy's error page.
      await remember(item, "waiting", response.redirected ? text.loginAgain : text.serverError);
      return false;
    }
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (response.ok && SENT.has(data.status)) {
      await deleteItem(item.clientId);
      showStatus(data.message);
      for (const form of document.querySelectorAll("form.visit-form")) {
        if (form.action === item.url) {
          form.querySelector(".visit-feedback").textContent = data.message || "";
        }
      }
      return true;
    }
    if (response.status >= 400 && response.status < 500 && data.status === "refused") {
      await remember(item, "refused", `${text.refused} ${data.message || ""}`.trim());
      return false;
    }
    await remember(item, "waiting", text.serverError);
    return false;
  }

  async function flush() {
    if (sending || !storageWorks) {
      return;
    }
    sending = true;
    try {
      for (const item of await allItems()) {
        if (item.user !== currentUser || item.state === "refused") {
          continue;
        }
        if (!navigator.onLine) {
          await remember(item, "waiting", text.noConnection);
          continue;
        }
        await sendOne(item);
      }
    } catch (error) {
      showStatus(text.noStorage);
    } finally {
      sending = false;
      await render();
    }
  }

  // Showing the queue ---------------------------------------------------------------------

  function itemRow(item) {
    const row = document.createElement("li");
    row.dataset.clientId = item.clientId;
    const when = new Date(item.visitedAt).toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "short",
      timeStyle: "short",
    });
    const title = document.createElement("strong");
    title.textContent = item.venue;
    row.append(title, ` · ${item.code} · ${item.sighting} · ${when}`);
    const message = item.user !== currentUser ? text.otherUser : item.message;
    if (message) {
      const small = document.createElement("small");
      small.textContent = message;
      row.append(document.createElement("br"), small);
    }
    if (item.state === "refused") {
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "queue-discard outline secondary";
      discard.textContent = text.discard;
      discard.addEventListener("click", async () => {
        if (window.confirm(text.discardConfirm)) {
          await deleteItem(item.clientId);
          await render();
        }
      });
      row.append(" ", discard);
    }
    return row;
  }

  async function render() {
    if (!queueBox) {
      return;
    }
    let items = [];
    try {
      items = await allItems();
    } catch (error) {
      storageWorks = false;
      showStatus(text.noStorage);
    }
    queueBox.querySelector(".queue-count").textContent = String(items.length);
    queueBox.classList.toggle("has-waiting", items.length > 0);
    queueBox.querySelector(".queue-list").replaceChildren(...items.map(itemRow));
    queueBox.hidden = false;
  }

  // Recording -----------------------------------------------------------------------------

  function sightingLabel(form) {
    const checked = form.querySelector("input[name=sighting]:checked");
    const label = checked && checked.closest("label");
    return label ? label.textContent.trim() : "";
  }

  async function onSubmit(event) {
    const form = event.target;
    if (!form.matches || !form.matches("form.visit-form") || !storageWorks) {
      return; // no storage on this phone: the ordinary post shows its own success or failure
    }
    event.preventDefault();
    const feedback = form.querySelector(".visit-feedback");
    const photoInput = form.querySelector("input[type=file]");
    const photo = (photoInput && photoInput.files[0]) || null;
    const maxBytes = Number(form.dataset.photoMaxBytes || 0);
    if (photo && maxBytes && photo.size > maxBytes) {
      feedback.textContent = form.dataset.photoTooBig || "";
      return;
    }
    form.elements.visited_at.value = new Date().toISOString();
    const fields = [];
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
        fields.push([name, value]);
      }
    }
    const item = {
      clientId: form.elements.client_id.value,
      url: form.action,
      user: currentUser,
      venue: form.dataset.venue,
      code: form.dataset.code,
      sighting: sightingLabel(form),
      visitedAt: form.elements.visited_at.value,
      fields,
      photo,
      photoName: photo ? photo.name : "",
      state: "waiting",
      message: "",
      savedAt: Date.now(),
    };
    try {
      await putItem(item);
    } catch (error) {
      storageWorks = false;
      form.submit();
      return;
    }
    form.reset();
    form.elements.client_id.value = newId();
    form.elements.visited_at.value = "";
    feedback.textContent = text.saved;
    await render();
    await flush();
  }

  // Near me -------------------------------------------------------------------------------

  function setUpNearMe() {
    const button = document.querySelector("button.near-me");
    if (!button || !("geolocation" in navigator)) {
      return;
    }
    const status = document.querySelector(".near-status");
    button.hidden = false;
    button.addEventListener("click", () => {
      status.textContent = button.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const params = new URLSearchParams();
          const query = document.querySelector("input[name=q]");
          if (query && query.value.trim()) {
            params.set("q", query.value.trim());
          }
          params.set("lat", position.coords.latitude.toFixed(6));
          params.set("lon", position.coords.longitude.toFixed(6));
          window.location.assign(`${button.dataset.url}?${params}`);
        },
        () => {
          status.textContent = button.dataset.noLocation;
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }

  // Start ---------------------------------------------------------------------------------

  for (const form of document.querySelectorAll("form.visit-form")) {
    // A page shown again from the browser's cache must not reuse an id already sent.
    form.elements.client_id.value = newId();
  }
  document.addEventListener("submit", onSubmit);
  setUpNearMe();
  if (queueBox) {
    queueBox.querySelector(".queue-send").addEventListener("click", flush);
    window.addEventListener("online", flush);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") {
        flush();
      }
    });
    window.setInterval(flush, RETRY_MS);
    render().then(flush);
  }
})();
