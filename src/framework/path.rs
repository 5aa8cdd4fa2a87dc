//! Attribute paths: where in a value a diagnostic or a replacement points.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Attribute(String),
    Index(i64),
    Key(String),
    /// A set element, named by its value. Terraform's attribute paths cannot address
    /// set elements, so this step only shows in messages.
    SetElement(String),
}

/// A path from the root of a resource's object, e.g. `token_validity_units[0].id_token`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path(pub Vec<Step>);

impl Path {
    pub fn root(name: &str) -> Path {
        Path(vec![Step::Attribute(name.to_string())])
    }

    pub fn attribute(&self, name: &str) -> Path {
        self.with(Step::Attribute(name.to_string()))
    }

    pub fn set_element(&self, value: &str) -> Path {
        self.with(Step::SetElement(value.to_string()))
    }

    pub fn index(&self, index: usize) -> Path {
        self.with(Step::Index(index as i64))
    }

    fn with(&self, step: Step) -> Path {
        let mut steps = self.0.clone();
        steps.push(step);
        Path(steps)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Attribute(name) if i == 0 => f.write_str(name)?,
                Step::Attribute(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
                Step::Key(key) => write!(f, "[{key:?}]")?,
                Step::SetElement(value) => write!(f, "[Value({value:?})]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_terraform_addresses() {
        let p = Path::root("token_validity_units")
            .index(0)
            .attribute("id_token");
        assert_eq!(p.to_string(), "token_validity_units[0].id_token");
    }
}
