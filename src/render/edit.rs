//! "Edit this page" and "suggest a change": links from a record's page to its file in the
//! site's repository (`repository:` in site.yaml), in the form each forge uses.

use crate::config::{Forge, RepositoryConfig};
use serde::Serialize;
use std::path::Path;

/// The two links of a page made from a record file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditLinks {
    /// The forge's editor for the file, on the repository's branch.
    pub edit: String,
    /// A new issue with the page's title and address filled in.
    pub suggest: String,
}

/// The links for the page `title` at `page_url` made from `file` (relative to the site's
/// folder), when the site names its repository.
pub fn edit_links(
    repo: Option<&RepositoryConfig>,
    file: &Path,
    title: &str,
    page_url: &str,
) -> Option<EditLinks> {
    let repo = repo?;
    let forge = repo.forge()?;
    let mut edit = url::Url::parse(repo.url.trim_end_matches('/')).ok()?;
    let mut issue = edit.clone();
    let file_parts: Vec<String> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let site_parts = repo.path.split('/').filter(|p| !p.is_empty() && *p != ".");
    {
        let mut segments = edit.path_segments_mut().ok()?;
        segments.pop_if_empty();
        match forge {
            Forge::Github => segments.push("edit"),
            Forge::Gitlab => segments.extend(["-", "edit"]),
            Forge::Forgejo | Forge::Gitea => segments.push("_edit"),
        };
        segments.push(&repo.branch);
        segments.extend(site_parts);
        segments.extend(&file_parts);
    }
    {
        let mut segments = issue.path_segments_mut().ok()?;
        segments.pop_if_empty();
        if forge == Forge::Gitlab {
            segments.push("-");
        }
        segments.extend(["issues", "new"]);
    }
    let body = format!("{page_url}\n\n{}", file_parts.join("/"));
    let (title_key, body_key) = match forge {
        Forge::Gitlab => ("issue[title]", "issue[description]"),
        _ => ("title", "body"),
    };
    issue
        .query_pairs_mut()
        .append_pair(title_key, title)
        .append_pair(body_key, &body);
    Some(EditLinks {
        edit: edit.into(),
        suggest: issue.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(url: &str, forge: Option<Forge>, path: &str) -> RepositoryConfig {
        RepositoryConfig {
            url: url.into(),
            branch: "main".into(),
            path: path.into(),
            forge,
        }
    }

    fn links(r: &RepositoryConfig) -> EditLinks {
        edit_links(
            Some(r),
            Path::new("content/actors/Södertälje Lab.md"),
            "Södertälje Lab & co",
            "https://example.org/actors/sodertalje-lab/",
        )
        .unwrap()
    }

    #[test]
    fn each_forge_gets_its_own_edit_and_issue_addresses() {
        let g = links(&repo("https://github.com/region/atlas", None, ""));
        assert_eq!(
            g.edit,
            "https://github.com/region/atlas/edit/main/content/actors/S%C3%B6dert%C3%A4lje%20Lab.md"
        );
        assert_eq!(
            g.suggest,
            "https://github.com/region/atlas/issues/new?title=S%C3%B6dert%C3%A4lje+Lab+%26+co&body=https%3A%2F%2Fexample.org%2Factors%2Fsodertalje-lab%2F%0A%0Acontent%2Factors%2FS%C3%B6dert%C3%A4lje+Lab.md"
        );
        let l = links(&repo(
            "https://gitlab.com/region/atlas/",
            None,
            "sites/sthlm",
        ));
        assert!(
            l.edit.starts_with(
                "https://gitlab.com/region/atlas/-/edit/main/sites/sthlm/content/actors/"
            ),
            "{}",
            l.edit
        );
        assert!(
            l.suggest
                .starts_with("https://gitlab.com/region/atlas/-/issues/new?issue%5Btitle%5D="),
            "{}",
            l.suggest
        );
        let f = links(&repo("https://codeberg.org/region/atlas", None, ""));
        assert!(f
            .edit
            .starts_with("https://codeberg.org/region/atlas/_edit/main/content/"));
        assert!(f
            .suggest
            .starts_with("https://codeberg.org/region/atlas/issues/new?title="));
        let t = links(&repo(
            "https://git.example.org/region/atlas",
            Some(Forge::Gitea),
            "",
        ));
        assert!(t
            .edit
            .starts_with("https://git.example.org/region/atlas/_edit/main/"));
    }

    #[test]
    fn without_a_repository_or_a_known_forge_there_are_no_links() {
        let file = Path::new("content/pages/om.md");
        assert!(edit_links(None, file, "Om", "/om/").is_none());
        let unknown = repo("https://git.example.org/region/atlas", None, "");
        assert!(edit_links(Some(&unknown), file, "Om", "/om/").is_none());
    }
}
