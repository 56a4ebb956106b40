//! Hand-written saved pages: boilerplate of each kind, charsets, metadata,
//! pages with no article.

use super::*;

const PARAS: [&str; 4] = [
    "The river rose two metres overnight after three days of rain, officials in the valley said on Tuesday, and the old stone bridge was closed to traffic before dawn.",
    "Residents of the lower town were told to move to higher ground. \"We have never seen the water this high in September,\" said the mayor, who spent the night at the emergency centre.",
    "Engineers are inspecting the dam upstream, which was built in 1962 and last repaired eleven years ago. They expect to report by Thursday on whether it can hold.",
    "Schools in the district will stay closed for the rest of the week, and the regional government has promised emergency funds for families whose homes were flooded.",
];

fn news_page() -> String {
    format!(
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>River floods valley town | The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier">
<meta property="article:published_time" content="2023-09-12T06:30:00+02:00">
<link rel="canonical" href="https://courier.example/2023/09/river-floods">
<script>window.dataLayer = [{{"page": "article"}}]; function track() {{ return "tracking code"; }}</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all cookies</button> <button>Manage settings</button></div>
<header class="site-header"><nav class="main-nav"><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/weather">Weather</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><article>
<h1>River floods valley town</h1>
<div class="byline">By Ana Ruiz</div>
<div class="share-buttons social"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<p>{}</p>
<p>{}</p>
<div class="ad advertisement">Advertisement</div>
<p>{}</p>
<p>{}</p>
</article>
<aside class="related"><h2>Related stories</h2><ul>
  <li><a href="/a">Storm warnings issued for the coast after a week of heavy rain</a></li>
  <li><a href="/b">Dam safety questioned in report published by the national audit office</a></li>
  <li><a href="/c">How to prepare your home for a flood: ten steps from the fire brigade</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments</h2>
  <div class="comment"><p>Terrible news, stay safe everyone down there in the valley.</p></div>
  <div class="comment"><p>This happens every year and nobody in the council ever does anything.</p></div></section>
</main>
<footer class="site-footer"><p>© 2023 The Valley Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script>track();</script>
</body></html>"##,
        PARAS[0], PARAS[1], PARAS[2], PARAS[3]
    )
}

#[test]
fn headline_then_paragraphs_and_no_boilerplate() {
    let article = extract_page(news_page().as_bytes()).unwrap();
    assert_eq!(article.headline, "River floods valley town");
    let expected = format!("River floods valley town\n\n{}", PARAS.join("\n\n"));
    let extra: Vec<&str> = article
        .text
        .split("\n\n")
        .filter(|p| !expected.split("\n\n").any(|e| e == *p))
        .collect();
    // The byline may stay (it is the article's own), nothing else may.
    assert!(
        extra.iter().all(|p| *p == "By Ana Ruiz"),
        "boilerplate kept: {extra:?}"
    );
    for para in PARAS {
        assert!(article.text.contains(para), "lost: {para}");
    }
    for junk in [
        "cookies",
        "Sport",
        "Share on",
        "Related",
        "Storm warnings",
        "Terrible news",
        "tracking",
        "rights reserved",
        "Advertisement",
        "color: red",
    ] {
        assert!(
            !article.text.contains(junk),
            "{junk:?} kept in {}",
            article.text
        );
    }
    assert_eq!(article.source.outlet.as_deref(), Some("The Valley Courier"));
    assert_eq!(
        article.source.published.as_deref(),
        Some("2023-09-12T06:30:00+02:00")
    );
    assert_eq!(
        article.source.url.as_deref(),
        Some("https://courier.example/2023/09/river-floods")
    );
    assert_eq!(
        article.source.title.as_deref(),
        Some("River floods valley town")
    );
    assert_eq!(article.encoding, None);
}

#[test]
fn extraction_is_deterministic() {
    let page = news_page();
    let first = extract_page(page.as_bytes()).unwrap();
    for _ in 0..5 {
        assert_eq!(extract_page(page.as_bytes()).unwrap(), first);
    }
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let page = page.clone();
            std::thread::spawn(move || extract_page(page.as_bytes()).unwrap())
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), first);
    }
}

/// A page around `paras`, with `head` inside `<head>`.
fn simple_page(head: &str, title: &str, paras: &[&str]) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<html><head>{head}<title>{title}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/n\">News</a></nav><article><h1>{title}</h1>\n{body}</article></body></html>"
    )
}

#[test]
fn windows_1252_without_a_meta_tag_is_detected() {
    let paras = [
        "Le café du coin a rouvert ses portes après des mois de travaux, à la grande joie des habitués du quartier qui s’y retrouvaient chaque matin.",
        "« Nous sommes ravis », a déclaré la gérante, qui a dû emprunter auprès de la banque pour financer la rénovation complète de la façade.",
        "La mairie prévoit d’étendre la zone piétonne jusqu’à la place de l’église d’ici l’été prochain, malgré l’opposition de certains commerçants.",
    ];
    let page = simple_page("", "Réouverture du café", &paras);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&page);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let article = extract_page(&bytes).unwrap();
    assert_eq!(article.encoding, Some("windows-1252"));
    assert_eq!(article.headline, "Réouverture du café");
    for p in paras {
        assert!(article.text.contains(p), "{}", article.text);
    }
}

#[test]
fn meta_declared_shift_jis_is_honoured() {
    let paras = [
        "東京都は火曜日、記録的な大雨のため都内の一部地域に避難指示を出した。気象庁によると、一時間に百ミリを超える雨が観測されたという。",
        "都の担当者は「川の水位が急激に上がっており、早めの避難をお願いしたい」と述べ、住民に最新の情報を確認するよう呼びかけた。",
        "鉄道各社は運転を見合わせており、帰宅時間帯の混乱が予想される。学校の多くは午後の授業を取りやめ、児童を早めに帰宅させた。",
    ];
    let page = simple_page(r#"<meta charset="Shift_JIS">"#, "都内に避難指示", &paras);
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&page);
    assert!(!unmappable);
    let article = extract_page(&bytes).unwrap();
    assert_eq!(article.encoding, Some("Shift_JIS"));
    assert_eq!(article.headline, "都内に避難指示");
    for p in paras {
        assert!(article.text.contains(p), "{}", article.text);
    }
}

#[test]
fn http_equiv_windows_1251_cyrillic_is_honoured() {
    let paras = [
        "Во вторник в городе открылся новый мост через реку, строительство которого продолжалось почти шесть лет и обошлось бюджету в три миллиарда рублей.",
        "По словам мэра, мост позволит сократить время в пути из северных районов в центр города на двадцать минут в часы пик.",
        "Жители прибрежных кварталов, однако, жалуются на шум и требуют установить защитные экраны вдоль всей эстакады.",
    ];
    let head = r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">"#;
    let page = simple_page(head, "Новый мост открыт", &paras);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&page);
    assert!(!unmappable);
    let article = extract_page(&bytes).unwrap();
    assert_eq!(article.encoding, Some("windows-1251"));
    assert_eq!(article.headline, "Новый мост открыт");
    for p in paras {
        assert!(article.text.contains(p), "{}", article.text);
    }
}

#[test]
fn arabic_and_chinese_utf8_pages_keep_their_text() {
    let arabic = [
        "أعلنت وزارة الصحة يوم الثلاثاء عن افتتاح مستشفى جديد في شمال المدينة، يضم أكثر من ثلاثمئة سرير وقسما متخصصا لعلاج الأطفال.",
        "وقال الوزير في مؤتمر صحفي إن المستشفى سيخدم نحو نصف مليون نسمة في المنطقة، وإن العمل فيه سيبدأ مطلع الشهر المقبل.",
        "ورحب السكان بالمشروع، لكنهم طالبوا بتحسين الطرق المؤدية إليه وتوفير وسائل نقل عام منتظمة من القرى المجاورة.",
    ];
    let page = simple_page(r#"<meta charset="utf-8">"#, "افتتاح مستشفى جديد", &arabic);
    let article = extract_page(page.as_bytes()).unwrap();
    assert_eq!(article.headline, "افتتاح مستشفى جديد");
    for p in arabic {
        assert!(article.text.contains(p), "{}", article.text);
    }
    let chinese = [
        "本市周二宣布，将在未来三年内新建五条地铁线路，总长度超过一百二十公里，预计总投资约八百亿元人民币。",
        "市交通委员会负责人表示，新线路建成后，全市地铁网络将覆盖所有主要居民区，市民平均通勤时间有望缩短百分之十五。",
        "部分专家则提醒，大规模建设可能给地方财政带来压力，建议在规划中充分考虑客流预测和运营成本。",
    ];
    let page = simple_page("", "本市将新建五条地铁线路", &chinese);
    let article = extract_page(page.as_bytes()).unwrap();
    assert_eq!(article.headline, "本市将新建五条地铁线路");
    for p in chinese {
        assert!(article.text.contains(p), "{}", article.text);
    }
}

#[test]
fn json_ld_metadata_and_headline_are_read() {
    let head = r#"<script type="application/ld+json">
      {"@context":"https://schema.org","@type":"NewsArticle",
       "headline":"Bridge closed as river rises",
       "author":{"@type":"Person","name":"Ana Ruiz"},
       "publisher":{"@type":"Organization","name":"The Valley Courier"},
       "datePublished":"2023-09-12",
       "url":"https://courier.example/bridge"}</script>
      <meta property="og:title" content="Bridge closed (og)">"#;
    let page = simple_page(
        head,
        "Bridge closed as river rises - The Valley Courier",
        &PARAS,
    );
    let article = extract_page(page.as_bytes()).unwrap();
    assert_eq!(article.headline, "Bridge closed as river rises");
    assert_eq!(
        article.source,
        Source {
            title: Some("Bridge closed as river rises".into()),
            outlet: Some("The Valley Courier".into()),
            author: Some("Ana Ruiz".into()),
            published: Some("2023-09-12".into()),
            url: Some("https://courier.example/bridge".into()),
        }
    );
    assert!(article.text.starts_with("Bridge closed as river rises\n\n"));
    // The page's own <h1> repeats the headline with the site's name: kept
    // once at most, never the JSON-LD's headline twice.
    assert_eq!(
        article
            .text
            .matches("Bridge closed as river rises\n")
            .count(),
        1
    );
}

#[test]
fn pages_without_an_article_are_refused_with_a_reason() {
    let login = r#"<html><head><title>Sign in</title></head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <form action="/login"><label>Email <input name="email"></label>
        <label>Password <input type="password" name="pw"></label><button>Log in</button></form>
        <p>Subscribers only.</p></body></html>"#;
    let empty = "<html><head><title>Nothing</title></head><body></body></html>";
    for page in [login, empty, "", "just some words"] {
        match extract_page(page.as_bytes()) {
            Err(ExtractError::NoArticle(why)) => assert!(!why.is_empty()),
            other => panic!("{page:?} gave {other:?}"),
        }
    }
    assert_eq!(
        extract_page(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Err(ExtractError::Binary)
    );
}

#[test]
fn malformed_html_does_not_panic() {
    let pages = [
        "<html><body><p>unclosed <b>bold <i>italic <div></p></span>",
        "<<<>>><p =====>",
        "<script>",
        "<!-- never closed",
        "<table><tr><td><p>text</td></tr>",
    ];
    for page in pages {
        let _ = extract_page(page.as_bytes());
    }
}

#[test]
fn a_short_chinese_article_is_an_article() {
    // 60 Han characters say what 180 Latin ones do: not a login wall.
    let page = "<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>大桥将关闭维修 | 华夏新闻</title></head>\
        <body><nav><a href=\"/\">首页</a></nav><article><h1>大桥将关闭维修</h1>\
        <p>市议会周一表示，这座桥将在春季关闭维修，关闭期间将有渡轮运行。</p>\
        <p>工程师上个月在两个支撑桥墩上发现了裂缝，议会发言人说，维修不能等到夏天。</p>\
        </article></body></html>";
    let article = extract_page(page.as_bytes()).unwrap();
    assert_eq!(article.headline, "大桥将关闭维修");
    assert!(article.body.contains("渡轮"), "{}", article.body);
}
