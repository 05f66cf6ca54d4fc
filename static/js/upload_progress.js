// Upload with a real progress bar, then show the server's preview page.
(function () {
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  form.addEventListener("submit", function (event) {
    var input = document.getElementById("id_file");
    if (!input.files.length) return;
    event.preventDefault();
    var bar = document.querySelector("#upload-progress .progress-bar");
    var status = document.getElementById("upload-status");
    document.getElementById("upload-progress").classList.remove("d-none");
    status.classList.remove("d-none");
    document.getElementById("upload-button").disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round(e.loaded * 100 / e.total);
      bar.style.width = pct + "%"; bar.textContent = pct + "%";
      status.textContent = "正在上传 " + Math.round(e.loaded / 1024) + " / " + Math.round(e.total / 1024) + " KB";
    };
    xhr.upload.onload = function () {
      bar.style.width = "100%"; bar.textContent = "校验中…";
      status.textContent = "上传完成，正在逐行校验，请稍候（5000 行约需数秒）…";
    };
    xhr.onload = function () { document.open(); document.write(xhr.responseText); document.close(); };
    xhr.onerror = function () { status.textContent = "上传失败，请检查网络后重试。"; document.getElementById("upload-button").disabled = false; };
    xhr.send(new FormData(form));
  });
})();
