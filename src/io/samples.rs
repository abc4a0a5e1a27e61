//! Sample articles bundled with the program, written for this project.

pub struct Sample {
    pub file_name: &'static str,
    pub bytes: &'static [u8],
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        file_name: "harbour-strike.txt",
        bytes: include_bytes!("../../resources/samples/harbour-strike.txt"),
    },
    Sample {
        file_name: "grain-deal.md",
        bytes: include_bytes!("../../resources/samples/grain-deal.md"),
    },
];

/// Import a bundled sample as an article.
pub fn load(sample: &Sample) -> Result<crate::model::Article, super::ImportError> {
    let kind = super::import::ArticleKind::from_path(std::path::Path::new(sample.file_name));
    let mut a = super::import_article_bytes(sample.bytes, kind, sample.file_name)?;
    a.source = Some(format!("sample:{}", sample.file_name));
    Ok(a)
}
