// The admin's rich-text editor (django-prose-editor / Tiptap), extended for the editors:
// - a toolbar button that uploads an image (the admin upload view validates, resizes and
//   stores it through portal/uploads.py) and inserts it;
// - pasting from Word or WPS keeps embedded images: data: images and the file: images whose
//   bytes the browser hands over (in the clipboard's RTF or files) are uploaded the same way
//   and replaced by real files; an image that cannot be kept is removed and the editor is told;
// - video: an uploaded MP4 played with <video controls>, or the player of an allowed
//   platform (settings.VIDEO_EMBED_HOSTS) in an <iframe>; the server sanitiser has the
//   same allow-list and is the real guard;
// - Chinese tooltips and menu labels, which the editor library hard-codes in English.
import { Extension, Node, Plugin, mergeAttributes } from "django-prose-editor/editor";

function csrfToken() {
  var input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function meta(name) {
  var element = document.querySelector('meta[name="' + name + '"]');
  return element ? element.content : "";
}

function post(url, field, file, name) {
  var data = new FormData();
  data.append(field, file, name || file.name || field);
  return fetch(url, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken() },
  }).then(function (response) {
    return response
      .json()
      .catch(function () {
        return { error: "上传失败（" + response.status + "）" };
      })
      .then(function (payload) {
        if (!response.ok) throw new Error(payload.error || response.statusText);
        return payload;
      });
  });
}

// A message above the editor (role=alert), instead of a silently broken or missing image.
function notify(editor, text) {
  var root = editor.options.element.closest(".prose-editor") || editor.options.element;
  var box = root.parentNode.querySelector(".prose-notice");
  if (!box) {
    box = document.createElement("p");
    box.className = "prose-notice errornote";
    box.setAttribute("role", "alert");
    root.parentNode.insertBefore(box, root);
  }
  box.textContent = text;
}

function pickFile(accept, callback) {
  var input = document.createElement("input");
  input.type = "file";
  input.accept = accept;
  input.addEventListener("change", function () {
    if (input.files && input.files[0]) callback(input.files[0]);
  });
  input.click();
}

function pickAndUpload(editor, uploadUrl) {
  pickFile("image/jpeg,image/png,image/gif,image/webp", function (file) {
    post(uploadUrl, "image", file)
      .then(function (payload) {
        editor.chain().focus().setImage({ src: payload.url, alt: payload.alt || "" }).run();
      })
      .catch(function (error) {
        notify(editor, error.message);
      });
  });
}

// --- Word / WPS paste ----------------------------------------------------------------------

function hexToBlob(hex, type) {
  var clean = hex.replace(/[^0-9a-fA-F]/g, "");
  var bytes = new Uint8Array(clean.length >> 1);
  for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.substr(i * 2, 2), 16);
  return new Blob([bytes], { type: type });
}

// The pictures Word puts into the clipboard's RTF, in document order (PNG and JPEG only;
// the \nonshppict copies are WMF and skipped).
export function rtfImages(rtf) {
  var images = [];
  var pattern = /\\pict[\s\S]*?\\(pngblip|jpegblip)[\s\S]*?([0-9a-fA-F\r\n]{64,})\}/g;
  var match;
  while ((match = pattern.exec(rtf || ""))) {
    images.push(hexToBlob(match[2], match[1] === "pngblip" ? "image/png" : "image/jpeg"));
  }
  return images;
}

// Decoded here: the admin's Content-Security-Policy (connect-src 'self') forbids fetch(data:).
function dataUrlToBlob(url) {
  return new Promise(function (resolve) {
    var match = url.match(/^data:([^;,]+)(;base64)?,(.*)$/i);
    if (!match) throw new Error("not a data URL");
    var text = match[2] ? atob(match[3]) : decodeURIComponent(match[3]);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    resolve(new Blob([bytes], { type: match[1] }));
  });
}

function extensionOf(blob) {
  return { "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp" }[blob.type] || ".jpg";
}

// Uploads every data:/file: image of pasted HTML; returns the HTML with real addresses and
// the number of images that had to be dropped.
export function keepPastedImages(html, clipboard, uploadUrl) {
  var doc = new DOMParser().parseFromString(html, "text/html");
  var images = Array.prototype.slice.call(doc.querySelectorAll("img"));
  var local = images.filter(function (img) {
    return /^(data:|file:)/i.test(img.getAttribute("src") || "");
  });
  var fromRtf = rtfImages(clipboard.rtf);
  var files = clipboard.files.slice();
  var fileIndex = 0;
  var jobs = local.map(function (img, index) {
    var src = img.getAttribute("src");
    var blob;
    if (/^data:image\//i.test(src)) blob = dataUrlToBlob(src);
    else if (fromRtf[index]) blob = Promise.resolve(fromRtf[index]);
    else if (files[fileIndex]) blob = Promise.resolve(files[fileIndex++]);
    else blob = Promise.reject(new Error("no data"));
    return blob
      .then(function (data) {
        return post(uploadUrl, "image", data, "pasted" + extensionOf(data));
      })
      .then(function (payload) {
        img.setAttribute("src", payload.url);
        return true;
      })
      .catch(function () {
        img.remove();
        return false;
      });
  });
  return Promise.all(jobs).then(function (results) {
    return {
      html: doc.body.innerHTML,
      dropped: results.filter(function (kept) {
        return !kept;
      }).length,
    };
  });
}

function pastePlugin(extension) {
  return new Plugin({
    props: {
      handlePaste: function (view, event) {
        var data = event.clipboardData;
        if (!data) return false;
        var html = data.getData("text/html");
        var files = Array.prototype.slice.call(data.files || []).filter(function (file) {
          return /^image\//.test(file.type);
        });
        var hasLocalImages = /<img[^>]+src=["']?(data:|file:)/i.test(html);
        if (!hasLocalImages && !(files.length && !html)) return false;
        event.preventDefault();
        var editor = extension.editor;
        var uploadUrl = extension.options.uploadUrl;
        if (!html) {
          // A copied picture alone (WPS, a screenshot): upload each file.
          html = files.map(function () {
            return '<img src="file:///pasted">';
          }).join("");
        }
        keepPastedImages(html, { rtf: data.getData("text/rtf"), files: files }, uploadUrl).then(
          function (result) {
            editor.chain().focus().insertContent(result.html).run();
            editor.options.element.dispatchEvent(new Event("input", { bubbles: true }));
            if (result.dropped) {
              notify(
                editor,
                "有 " + result.dropped + " 张图片无法随粘贴保留，请把图片另存后用“上传图片”按钮上传。"
              );
            }
          }
        );
        return true;
      },
    },
  });
}

// --- Video ---------------------------------------------------------------------------------

export const Video = Node.create({
  name: "video",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: function () {
    return { src: { default: null } };
  },
  parseHTML: function () {
    return [{ tag: "video[src]" }];
  },
  renderHTML: function (props) {
    return ["video", mergeAttributes(props.HTMLAttributes, { controls: "controls", preload: "metadata" })];
  },
});

export const VideoEmbed = Node.create({
  name: "videoEmbed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: function () {
    return { src: { default: null } };
  },
  parseHTML: function () {
    return [{ tag: "iframe[src]" }];
  },
  renderHTML: function (props) {
    return ["iframe", mergeAttributes(props.HTMLAttributes, { allowfullscreen: "true" })];
  },
});

// A share link or embed code from an allowed platform, as its player's address.
export function playerUrl(text) {
  var value = (text || "").trim();
  var src = value.match(/<iframe[^>]+src=["']([^"']+)["']/i);
  if (src) value = src[1];
  if (value.indexOf("//") === 0) value = "https:" + value;
  var bv = value.match(/bilibili\.com\/video\/(BV[0-9A-Za-z]+)/);
  if (bv) value = "https://player.bilibili.com/player.html?bvid=" + bv[1];
  var qq = value.match(/v\.qq\.com\/x\/(?:cover\/[^/]+|page)\/([0-9A-Za-z]+)\.html/);
  if (qq) value = "https://v.qq.com/txp/iframe/player.html?vid=" + qq[1];
  var url;
  try {
    url = new URL(value);
  } catch (error) {
    return null;
  }
  var hosts = meta("portal-video-hosts").split(",").filter(Boolean);
  if (url.protocol !== "https:" || hosts.indexOf(url.hostname) === -1) return null;
  return url.href;
}

function uploadVideo(editor) {
  var url = meta("portal-video-upload");
  pickFile("video/mp4", function (file) {
    notify(editor, "正在上传视频…");
    post(url, "video", file)
      .then(function (payload) {
        editor.chain().focus().insertContent({ type: "video", attrs: { src: payload.url } }).run();
        notify(editor, "视频已上传。");
      })
      .catch(function (error) {
        notify(editor, error.message);
      });
  });
}

function embedVideo(editor) {
  var hosts = meta("portal-video-hosts").split(",").join("、");
  var text = window.prompt("粘贴视频的分享链接或嵌入代码（支持：" + hosts + "）：");
  if (!text) return;
  var src = playerUrl(text);
  if (!src) {
    notify(editor, "不支持该视频地址。只能嵌入以下网站的视频：" + hosts + "。");
    return;
  }
  editor.chain().focus().insertContent({ type: "videoEmbed", attrs: { src: src } }).run();
}

export const ImageUpload = Extension.create({
  name: "imageUpload",

  addOptions() {
    return { uploadUrl: "" };
  },

  addExtensions() {
    return [Video, VideoEmbed];
  },

  addProseMirrorPlugins() {
    return [pastePlugin(this)];
  },

  addMenuItems({ buttons, menu }) {
    var uploadUrl = this.options.uploadUrl;
    menu.defineItem({
      name: "imageUpload",
      groups: "nodes",
      command: function (editor) {
        pickAndUpload(editor, uploadUrl);
      },
      button: buttons.material("image", "上传图片"),
    });
    if (meta("portal-video-upload")) {
      menu.defineItem({
        name: "videoUpload",
        groups: "nodes",
        command: uploadVideo,
        button: buttons.material("movie", "上传视频（MP4）"),
      });
    }
    menu.defineItem({
      name: "videoEmbed",
      groups: "nodes",
      command: embedVideo,
      button: buttons.material("smart_display", "嵌入视频（腾讯视频、视频号、哔哩哔哩）"),
    });
  },
});

// --- Chinese labels ------------------------------------------------------------------------
// Dialog texts go through Django's JavaScript catalogue (locale/zh_Hans/.../djangojs.po);
// these tooltips and menu entries are hard-coded in the library, so they are replaced here.
var LABELS = {
  bold: "加粗",
  italic: "斜体",
  underline: "下划线",
  strike: "删除线",
  subscript: "下标",
  superscript: "上标",
  "unordered list": "无序列表",
  "ordered list": "有序列表",
  blockquote: "引用",
  "horizontal rule": "分隔线",
  figure: "图片",
  paragraph: "正文",
  Paragraph: "正文",
  undo: "撤销",
  redo: "重做",
  "edit HTML": "编辑源代码",
  "insert link": "插入链接",
  "remove link": "移除链接",
  "Insert table": "插入表格",
  "Merge cells": "合并单元格",
  "Split cell": "拆分单元格",
  Code: "代码",
  "Code block": "代码块",
  "Block style": "段落样式",
  title: "标题",
  left: "左对齐",
  center: "居中",
  right: "右对齐",
  justify: "两端对齐",
  "Heading 1": "标题 1",
  "Heading 2": "标题 2",
  "Heading 3": "标题 3",
  "Heading 4": "标题 4",
  "Heading 5": "标题 5",
  "Heading 6": "标题 6",
  "Toggle fullscreen": "全屏切换",
  "Add column": "添加列",
  "Delete column": "删除列",
  "Add row": "添加行",
  "Delete row": "删除行",
  "Toggle header cell": "切换表头单元格",
  "Delete table": "删除表格",
  "List properties": "列表属性",
  Yes: "是",
  No: "否",
};

function translateElement(element) {
  ["title", "aria-label"].forEach(function (name) {
    var label = LABELS[element.getAttribute(name)];
    if (label) element.setAttribute(name, label);
  });
  // Icon buttons show their icon through a ligature of the English name: keep that text.
  if (
    !element.classList.contains("material-icons") &&
    element.childNodes.length === 1 &&
    element.firstChild.nodeType === 3 &&
    LABELS[element.textContent]
  ) {
    element.textContent = LABELS[element.textContent];
  }
}

var SCOPE = ".prose-editor, .prose-menubar, .prose-menubar__picker, dialog";

function translateLabels(root) {
  if (!root.querySelectorAll) return;
  if (root.closest && root.closest(SCOPE)) translateElement(root);
  root.querySelectorAll(
    ".prose-editor *, .prose-menubar *, dialog *"
  ).forEach(function (element) {
    if (element.closest(".ProseMirror[contenteditable=true]")) return; // the text itself
    translateElement(element);
  });
}

if (typeof document !== "undefined" && !window.__proseLabelsZh) {
  window.__proseLabelsZh = true;
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      var target = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentNode;
      if (target) translateLabels(target);
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["title", "aria-label"],
  });
  translateLabels(document);
}
