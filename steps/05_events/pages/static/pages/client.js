// Shared by the pages: keep a WebSocket open and show what happens on it.
"use strict";

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 8000;

// Match the page: a page served over https must use wss://.
function socketUrl(path) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${path}`;
}

// Open a WebSocket to `url`, and open it again whenever it closes. `url` may be
// a function, called before each attempt: a reconnect can then say what it has.
function keepConnected(url, { onState, onMessage }) {
  let delay = FIRST_RETRY_MS;
  let socket = null;

  function connect() {
    onState("connecting");
    socket = new WebSocket(typeof url === "function" ? url() : url);
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", () => {
      delay = FIRST_RETRY_MS;
      onState("open");
    });
    socket.addEventListener("message", (event) => onMessage(event.data));
    socket.addEventListener("close", () => {
      onState("closed", delay);
      setTimeout(connect, delay);
      // Back off, so a stopped server is not hammered by every open tab.
      delay = Math.min(delay * 2, LAST_RETRY_MS);
    });
  }

  connect();
  return {
    // Send only on an open socket; say whether it went.
    send(data) {
      if (socket.readyState !== WebSocket.OPEN) {
        return false;
      }
      socket.send(data);
      return true;
    },
  };
}

// Show the connection state, and allow sending only while it is open.
function showState(element, button, state) {
  element.dataset.state = state;
  element.textContent = state;
  button.disabled = state !== "open";
}

// Add a line to a log list. textContent, never innerHTML: messages are text, not markup.
function appendLine(log, kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  log.append(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}
