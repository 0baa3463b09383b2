// The room page: speak the room's JSON protocol and log what happens.
"use strict";

(function () {
  const room = JSON.parse(document.getElementById("room-name").textContent);
  const connection = document.getElementById("connection");
  const me = document.getElementById("me");
  const form = document.getElementById("send-form");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const log = document.getElementById("log");
  const announcements = document.getElementById("announcements");
  // The id of the newest announcement shown. A reconnect sends it as ?after=,
  // and the server sends only the ones after it: none twice, none missed.
  let lastAnnouncement = 0;

  // One function per event type the server sends.
  const show = {
    welcome(event) {
      me.textContent = event.user;
      appendLine(log, "event", `joined ${event.room} as ${event.user}`);
    },
    message(event) {
      appendLine(log, "received", `${event.user}: ${event.text}`);
    },
    join(event) {
      appendLine(log, "event", `${event.users.join(", ")} joined`);
    },
    leave(event) {
      appendLine(log, "event", `${event.users.join(", ")} left`);
    },
    error(event) {
      appendLine(log, "error", `${event.code}: ${event.message}`);
    },
    announcement(event) {
      const by = event.author ?? "organisers";
      const line = appendLine(announcements, "announcement", `${by}: ${event.text}`);
      line.dataset.id = event.id;
      line.title = new Date(event.created).toLocaleString();
      lastAnnouncement = Math.max(lastAnnouncement, event.id);
    },
  };

  // A function, not a string: each reconnect asks for what came after the last one shown.
  const roomUrl = () =>
    socketUrl(`/ws/rooms/${room}/` + (lastAnnouncement ? `?after=${lastAnnouncement}` : ""));

  const socket = keepConnected(roomUrl, {
    onState(state, retryMs) {
      showState(connection, sendButton, state);
      if (state === "closed") {
        appendLine(log, "event", `disconnected; retrying in ${(retryMs / 1000).toFixed(1)} s`);
      }
    },
    onMessage(data) {
      const event = JSON.parse(data);
      const render = Object.hasOwn(show, event.type) ? show[event.type] : null;
      if (render) {
        render(event);
      } else {
        appendLine(log, "event", `(unhandled ${event.type} event)`);
      }
    },
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (socket.send(JSON.stringify({ type: "message", text: input.value }))) {
      input.value = "";
    }
    input.focus();
  });
})();
