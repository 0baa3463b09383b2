// The echo page: send what is typed, log what comes back.
"use strict";

(function () {
  const connection = document.getElementById("connection");
  const form = document.getElementById("send-form");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const log = document.getElementById("log");

  function describe(data) {
    if (typeof data === "string") {
      return data === "" ? "(empty)" : data;
    }
    return `(${data.byteLength} bytes of binary)`;
  }

  const socket = keepConnected(socketUrl("/ws/echo/"), {
    onState(state, retryMs) {
      showState(connection, sendButton, state);
      if (state === "closed") {
        appendLine(log, "event", `disconnected; retrying in ${(retryMs / 1000).toFixed(1)} s`);
      }
    },
    onMessage(data) {
      appendLine(log, "received", describe(data));
    },
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (socket.send(input.value)) {
      appendLine(log, "sent", describe(input.value));
      input.value = "";
    }
    input.focus();
  });
})();
