// A hand-written WebSocket client for the echo consumer: no framework needed.
"use strict";

(function () {
  const connection = document.getElementById("connection");
  const form = document.getElementById("send-form");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const log = document.getElementById("log");

  // Match the page: a page served over https must use wss://.
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${window.location.host}/ws/echo/`;

  const FIRST_DELAY_MS = 500;
  const MAX_DELAY_MS = 8000;
  let delay = FIRST_DELAY_MS;
  let socket = null;

  function show(state) {
    connection.dataset.state = state;
    connection.textContent = state;
    sendButton.disabled = state !== "open";
  }

  function append(kind, text) {
    const item = document.createElement("li");
    item.className = kind;
    // textContent, never innerHTML: a message is text, not markup.
    item.textContent = text;
    log.append(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function describe(data) {
    if (typeof data === "string") {
      return data === "" ? "(empty)" : data;
    }
    return `(${data.byteLength} bytes of binary)`;
  }

  function connect() {
    show("connecting");
    socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", () => {
      delay = FIRST_DELAY_MS;
      show("open");
    });
    socket.addEventListener("message", (event) => append("received", describe(event.data)));
    socket.addEventListener("close", () => {
      show("closed");
      append("event", `disconnected; retrying in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(connect, delay);
      // Back off, so a stopped server is not hammered by every open tab.
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    socket.send(input.value);
    append("sent", describe(input.value));
    input.value = "";
    input.focus();
  });

  connect();
})();
