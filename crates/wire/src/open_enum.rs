//! Open enums: a newtype over the wire integer, named constants, `name()`, unknown values kept,
//! so every wire value has exactly one representation and build -> parse -> build is the identity.

/// Declare an open enum: a `Copy` newtype with a public integer, one constant per registered
/// value, `name()` (the registered name, `None` when unknown), a `Debug` that prints
/// `Name (0x11)` or `Unknown(0x99)`, a `Display` that prints the name or the number
/// (`Name`, `0x99`), and `From` both ways.
///
/// ```
/// pdukit_wire::open_enum! {
///     /// A PPPoE code.
///     pub struct Code(u8) {
///         /// Active Discovery Initiation.
///         PADI = 0x09 => "PADI",
///         /// Active Discovery Offer.
///         PADO = 0x07 => "PADO",
///     }
/// }
/// assert_eq!(Code(9), Code::PADI);
/// assert_eq!(Code::PADO.name(), Some("PADO"));
/// assert_eq!(Code(0x42).name(), None);
/// assert_eq!(format!("{:?}", Code(9)), "PADI (0x09)");
/// assert_eq!(format!("{:?}", Code(0x42)), "Unknown(0x42)");
/// assert_eq!(format!("{} {}", Code(9), Code(0x42)), "PADI 0x42");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($int:ty) {
            $(
                $(#[$cmeta:meta])*
                $cname:ident = $value:literal => $text:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(pub $int);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $cname: Self = Self($value);
            )*

            /// The registered name, if the value is registered.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($text), )*
                    _ => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let width = 2 + 2 * core::mem::size_of::<$int>();
                match self.name() {
                    Some(n) => write!(f, "{} ({:#0w$x})", n, self.0, w = width),
                    None => write!(f, "Unknown({:#0w$x})", self.0, w = width),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let width = 2 + 2 * core::mem::size_of::<$int>();
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{:#0w$x}", self.0, w = width),
                }
            }
        }

        impl From<$int> for $name {
            fn from(v: $int) -> Self {
                Self(v)
            }
        }

        impl From<$name> for $int {
            fn from(v: $name) -> Self {
                v.0
            }
        }
    };
}
