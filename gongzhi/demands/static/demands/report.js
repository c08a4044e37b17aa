// The report form: "use my location" and a guard against a double tap on submit.
// The browser gives WGS-84; the server converts it to GCJ-02, so nothing is converted here.
(function () {
  var form = document.getElementById("gz-report-form");
  if (!form) return;
  var btn = document.getElementById("gz-locate");
  var status = document.getElementById("gz-locate-status");
  if (btn) {
    if (!navigator.geolocation) { btn.disabled = true; status.textContent = "此浏览器不支持定位，请填写地址。"; }
    btn.addEventListener("click", function () {
      status.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.lng.value = pos.coords.longitude.toFixed(6);
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        form.elements.coord_system.value = "wgs84";
        status.textContent = "已获取位置（精度约 " + Math.round(pos.coords.accuracy) + " 米）";
        status.dataset.located = "1";
        btn.textContent = "重新定位";
      }, function (err) {
        status.textContent = "无法定位（" + (err.code === 1 ? "未允许定位" : "信号不好") + "），请填写地址。";
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  // The hidden key already makes a second submit harmless; this only spares the second request.
  // Coming back with the browser's Back button shows the page from memory: let it be sent again.
  window.addEventListener("pageshow", function () {
    var submit = form.querySelector("[type=submit]");
    if (submit) { submit.disabled = false; submit.textContent = "提交"; }
  });
  form.addEventListener("submit", function () {
    var submit = form.querySelector("[type=submit]");
    if (submit) { submit.disabled = true; submit.textContent = "正在提交…"; }
  });
})();
