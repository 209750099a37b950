//! `cargo bench`: lexer throughput on English, Chinese and mixed text,
//! Markdown extraction throughput, whole-document linting, and the start-up
//! cost (bundled dictionary parse, automaton build).
//!
//! The text is generated here from sentences written for this benchmark, so
//! the numbers do not depend on any corpus being present.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use dejargon::format::{self, Format};
use dejargon::lexer::Matcher;
use dejargon::{CommonAcronyms, Dictionary, Language, LintOptions, Linter};

/// About this many bytes of text per benchmark input.
const SIZE: usize = 1 << 20;

const ENGLISH: &[&str] = &[
    "Revenue grew by twelve percent and the board approved the dividend.",
    "We will migrate the ERP to a SaaS platform hosted in the IDC next year.",
    "Our customers told us the new ordering process saves them an hour a week.",
    "The team rebuilt the billing system as microservices behind an API gateway.",
    "Costs fell because we closed two warehouses and renegotiated the leases.",
    "A data lake and a Kubernetes cluster now feed the weekly sales dashboard.",
    "The CEO thanked the staff in every region for a difficult but good year.",
    "Single sign-on, MFA and a zero trust network protect the finance systems.",
];

const CHINESE: &[&str] = &[
    "今年收入增长了百分之十二，董事会批准了分红方案。",
    "我们计划把ERP系统迁移到云上，并通过API接口打通CRM。",
    "客户反馈新的下单流程每周能节省一个小时。",
    "技术团队建设了数据中台，把各业务线的数据统一管理。",
    "公司关闭了两个仓库，重新谈判了租约，成本明显下降。",
    "新系统采用微服务架构，部署在容器平台上，支持弹性扩容。",
    "首席执行官感谢各地区员工在困难的一年里的付出。",
    "财务系统启用了单点登录和多因素认证，安全性更高。",
];

fn repeat(sentences: &[&str], separator: &str) -> String {
    let mut text = String::with_capacity(SIZE + 1024);
    let mut i = 0;
    while text.len() < SIZE {
        text.push_str(sentences[i % sentences.len()]);
        text.push_str(if i % 6 == 5 { "\n\n" } else { separator });
        i += 1;
    }
    text
}

fn mixed() -> String {
    let both: Vec<&str> = ENGLISH
        .iter()
        .zip(CHINESE)
        .flat_map(|(e, c)| [*e, *c])
        .collect();
    repeat(&both, " ")
}

/// Markdown with the constructs real docs have: front matter, headings, lists,
/// tables, links, inline and fenced code.
fn markdown() -> String {
    let mut text = String::from("---\ntitle: Annual report\nweight: 3\n---\n\n");
    let mut i = 0;
    while text.len() < SIZE {
        let e = ENGLISH[i % ENGLISH.len()];
        let c = CHINESE[i % CHINESE.len()];
        text.push_str(&format!("## Section {i}\n\n{e} See [the plan](https://example.com/plan/{i}) and `config.yaml`.\n{c}\n\n"));
        text.push_str(&format!(
            "- {e}\n- **{c}**\n\n| item | note |\n|---|---|\n| {i} | {e} |\n\n"
        ));
        text.push_str(
            "```yaml\nservice: api\nreplicas: 3\nimage: registry.example.com/app:1.2.3\n```\n\n",
        );
        i += 1;
    }
    text
}

fn builtin_dictionary() -> Dictionary {
    Dictionary::builtin(&[Language::En, Language::Zh]).expect("bundled dictionaries load")
}

fn lexer(c: &mut Criterion) {
    let matcher = Matcher::new(&builtin_dictionary());
    matcher.build_all();
    let mut group = c.benchmark_group("lexer");
    for (name, text) in [
        ("english", repeat(ENGLISH, " ")),
        ("chinese", repeat(CHINESE, "")),
        ("mixed", mixed()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut hits = 0usize;
                matcher.scan(black_box(&text), |_, _| hits += 1);
                hits
            })
        });
    }
    group.finish();
}

fn extraction(c: &mut Criterion) {
    let md = markdown();
    let plain = repeat(ENGLISH, " ");
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(md.len() as u64));
    group.bench_function("markdown", |b| {
        b.iter(|| format::extract(Format::Markdown, black_box(&md)))
    });
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_function("plain", |b| {
        b.iter(|| format::extract(Format::Plain, black_box(&plain)))
    });
    group.finish();
}

fn lint(c: &mut Criterion) {
    let linter = Linter::new(
        builtin_dictionary(),
        CommonAcronyms::builtin(),
        LintOptions::default(),
    );
    let md = markdown();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(md.len() as u64));
    group.bench_function("markdown", |b| {
        b.iter(|| linter.lint(black_box(&md), Format::Markdown).findings.len())
    });
    group.finish();
}

fn startup(c: &mut Criterion) {
    let dictionary = builtin_dictionary();
    let mut group = c.benchmark_group("startup");
    group.bench_function("dictionary_load", |b| b.iter(builtin_dictionary));
    group.bench_function("automaton_build", |b| {
        b.iter(|| {
            let matcher = Matcher::new(black_box(&dictionary));
            matcher.build_all();
            matcher
        })
    });
    // What a pre-commit run over one small file pays instead: the automaton
    // over only the spellings the text's trigrams allow.
    let small: String = repeat(ENGLISH, " ").chars().take(5 * 1024).collect();
    group.bench_function("matcher_new_and_scan_5k_filtered", |b| {
        b.iter(|| {
            let matcher = Matcher::new(black_box(&dictionary));
            let mut hits = 0usize;
            matcher.scan(&small, |_, _| hits += 1);
            hits
        })
    });
    group.bench_function("linter_new", |b| {
        b.iter(|| {
            Linter::new(
                builtin_dictionary(),
                CommonAcronyms::builtin(),
                LintOptions::default(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, lexer, extraction, lint, startup);
criterion_main!(benches);
