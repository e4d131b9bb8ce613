/* 执法全过程记录: chunked, resumable upload of a video, a recording or a photo.
 *
 * A form with `data-chunked-upload` is sent as: POST data-start (step, file name, size,
 * capture time, device, officer) → PUT /records/uploads/<id>/?offset=N for each chunk →
 * POST /records/uploads/<id>/finish/ with the file's SHA-256, which the server verifies.
 * The upload's id is kept in localStorage under the file's name, size and date: choosing the
 * same file again after an interruption asks the server what it has received and continues
 * from there. SHA-256 is computed here chunk by chunk (no whole file in memory, and no
 * dependence on crypto.subtle, which plain-http intranets do not offer).
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- incremental SHA-256
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);

  function Sha256() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.buf = new Uint8Array(64);
    this.bufLen = 0;
    this.total = 0;
    this.w = new Uint32Array(64);
  }

  Sha256.prototype.block = function (b, off) {
    var w = this.w, h = this.h, i, t1, t2, s0, s1;
    for (i = 0; i < 16; i++) {
      w[i] = (b[off + 4 * i] << 24) | (b[off + 4 * i + 1] << 16) | (b[off + 4 * i + 2] << 8) | b[off + 4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
      s0 = ((w[i - 15] >>> 7) | (w[i - 15] << 25)) ^ ((w[i - 15] >>> 18) | (w[i - 15] << 14)) ^ (w[i - 15] >>> 3);
      s1 = ((w[i - 2] >>> 17) | (w[i - 2] << 15)) ^ ((w[i - 2] >>> 19) | (w[i - 2] << 13)) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    var a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (i = 0; i < 64; i++) {
      s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      t2 = (s0 + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  };

  Sha256.prototype.update = function (data) {
    var i = 0, n = data.length;
    this.total += n;
    if (this.bufLen) {
      while (i < n && this.bufLen < 64) { this.buf[this.bufLen++] = data[i++]; }
      if (this.bufLen === 64) { this.block(this.buf, 0); this.bufLen = 0; }
    }
    for (; i + 64 <= n; i += 64) { this.block(data, i); }
    while (i < n) { this.buf[this.bufLen++] = data[i++]; }
    return this;
  };

  Sha256.prototype.hex = function () {
    var bits = this.total * 8, pad = new Uint8Array(((this.bufLen < 56) ? 56 : 120) - this.bufLen + 8);
    pad[0] = 0x80;
    var hi = Math.floor(bits / 0x100000000), lo = bits >>> 0, L = pad.length;
    pad[L - 8] = hi >>> 24; pad[L - 7] = hi >>> 16; pad[L - 6] = hi >>> 8; pad[L - 5] = hi;
    pad[L - 4] = lo >>> 24; pad[L - 3] = lo >>> 16; pad[L - 2] = lo >>> 8; pad[L - 1] = lo;
    this.total -= pad.length; // padding is not message length
    this.update(pad);
    var out = "";
    for (var i = 0; i < 8; i++) { out += ("00000000" + this.h[i].toString(16)).slice(-8); }
    return out;
  };

  window.AnjianSha256 = Sha256; // the browser test checks it against known digests

  // ---------------------------------------------------------------------------- upload
  function msg(form, key) {
    var el = form.querySelector('.av-msg[data-key="' + key + '"]');
    return el ? el.textContent : key;
  }

  function csrf(form) {
    var el = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return el ? el.value : "";
  }

  function read(blob) {
    return blob.arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function errorText(data) {
    if (!data) { return ""; }
    if (data.detail) { return data.detail; }
    var out = [];
    Object.keys(data.errors || {}).forEach(function (k) { out = out.concat(data.errors[k]); });
    return out.join("；");
  }

  function request(form, method, url, body) {
    return fetch(url, {
      method: method, body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form), "X-Requested-With": "fetch" }
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        return { ok: resp.ok, status: resp.status, data: data };
      });
    });
  }

  function storeKey(form, file) {
    return "anjian-upload:" + form.dataset.start + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function upload(form) {
    var file = form.querySelector('input[type="file"]').files[0];
    var status = form.querySelector(".av-status");
    var bar = form.querySelector(".av-progress");
    var button = form.querySelector('button[type="submit"]');
    var chunkSize = parseInt(form.dataset.chunk, 10) || 4 * 1024 * 1024;
    if (!file) { status.textContent = msg(form, "nofile"); return; }
    var key = storeKey(form, file);
    var hash = new Sha256();
    var id = null;
    button.disabled = true;
    bar.hidden = false;

    function show(received) {
      bar.value = file.size ? Math.floor(received * 100 / file.size) : 100;
      status.textContent = msg(form, "uploading") + " " + bar.value + "%";
    }

    function fail(text) {
      status.textContent = msg(form, "failed") + (text ? "：" + text : "");
      button.disabled = false;
    }

    function begin() {
      var saved = window.localStorage.getItem(key);
      if (saved) {
        return request(form, "GET", form.dataset.uploads + saved + "/").then(function (r) {
          if (r.ok && r.data.status === "open") {
            id = saved;
            status.textContent = msg(form, "resumed");
            return hashPrefix(r.data.received);
          }
          window.localStorage.removeItem(key);
          return start();
        });
      }
      return start();
    }

    function start() {
      var fd = new FormData();
      ["step", "captured_at", "device", "officer", "note"].forEach(function (n) {
        var el = form.elements[n];
        if (el) { fd.append(n, el.value); }
      });
      fd.append("filename", file.name);
      fd.append("size", String(file.size));
      return request(form, "POST", form.dataset.start, fd).then(function (r) {
        if (!r.ok) { throw new Error(errorText(r.data)); }
        id = r.data.id;
        window.localStorage.setItem(key, id);
        return 0;
      });
    }

    // after a resume: hash what the server already has, from the local file
    function hashPrefix(upto) {
      status.textContent = msg(form, "hashing");
      var pos = 0;
      function step() {
        if (pos >= upto) { return Promise.resolve(upto); }
        var end = Math.min(pos + chunkSize, upto);
        return read(file.slice(pos, end)).then(function (bytes) {
          hash.update(bytes); pos = end; return step();
        });
      }
      return step();
    }

    function send(offset) {
      show(offset);
      if (offset >= file.size) { return Promise.resolve(); }
      var end = Math.min(offset + chunkSize, file.size);
      return read(file.slice(offset, end)).then(function (bytes) {
        return request(form, "PUT", form.dataset.uploads + id + "/?offset=" + offset, bytes).then(function (r) {
          if (r.status === 409 && typeof r.data.received === "number") {
            // the server has another offset (a chunk lost on the way): hash afresh up to it
            hash = new Sha256();
            return hashPrefix(r.data.received).then(send);
          }
          if (!r.ok) { throw new Error(errorText(r.data)); }
          hash.update(bytes);
          return send(r.data.received);
        });
      });
    }

    function finish() {
      var fd = new FormData();
      fd.append("sha256", hash.hex());
      return request(form, "POST", form.dataset.uploads + id + "/finish/", fd).then(function (r) {
        if (!r.ok) { throw new Error(errorText(r.data)); }
        window.localStorage.removeItem(key);
        status.textContent = msg(form, "done");
        window.location.reload();
      });
    }

    begin().then(send).then(finish).catch(function (e) { fail(e && e.message); });
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target.closest("form[data-chunked-upload]");
    if (!form) { return; }
    ev.preventDefault();
    upload(form);
  });
})();
