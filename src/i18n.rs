//! The module's own texts in English, French and Spanish, and the choice of
//! language from what the page and the browser say.

#[allow(unused_imports)]
use crate::prelude::*;

/// A language the module speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// Reads a BCP 47 tag or Django language code (`fr`, `fr-BE`, `es_MX`, `EN-gb`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The first supported language among `candidates` (most preferred
    /// first: the script tag's `data-lang`, the `django_language` cookie,
    /// `<html lang>`, `navigator.languages`), else `default`.
    pub fn negotiate<'a>(candidates: impl IntoIterator<Item = &'a str>, default: Lang) -> Lang {
        candidates.into_iter().find_map(Lang::from_tag).unwrap_or(default)
    }

    /// This language's texts. A single-language browser build (features
    /// `only-en`, `only-fr`, `only-es`, for wasm32 only: native builds always
    /// carry all three) carries one language's texts and answers with
    /// them for every language: its shell speaks only [`BUILT_IN`].
    #[cfg(not(one_language))]
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
            Lang::Es => &ES,
        }
    }

    /// This language's texts (a single-language build: always its own).
    #[cfg(one_language)]
    pub fn strings(self) -> &'static Strings {
        #[cfg(one_language = "en")]
        return &EN;
        #[cfg(one_language = "fr")]
        return &FR;
        #[cfg(one_language = "es")]
        return &ES;
    }
}

/// The one language a single-language build speaks, `None` when all three are built in.
pub const BUILT_IN: Option<Lang> = if cfg!(one_language = "en") {
    Some(Lang::En)
} else if cfg!(one_language = "fr") {
    Some(Lang::Fr)
} else if cfg!(one_language = "es") {
    Some(Lang::Es)
} else {
    None
};

/// Every text the module writes itself (the registry supplies the rest).
#[derive(Debug)]
pub struct Strings {
    /// Policy heading.
    pub policy_title: &'static str,
    /// Policy opening sentence.
    pub policy_intro: &'static str,
    /// "What is a cookie?"
    pub what_heading: &'static str,
    /// What a cookie is.
    pub what_text: &'static str,
    /// Lead-in to the kinds of cookies.
    pub kinds_intro: &'static str,
    /// The kinds of cookies, one paragraph each.
    pub kinds: [&'static str; 4],
    /// Heading before the portal address ("What cookies are used on the ").
    pub used_before: &'static str,
    /// Heading after the portal address (" platform").
    pub used_after: &'static str,
    /// Table column headers: provider, function and location, names, purposes, duration.
    pub columns: [&'static str; 5],
    /// Dialog title before the portal name.
    pub dialog_title_before: &'static str,
    /// Dialog title after the portal name.
    pub dialog_title_after: &'static str,
    /// Dialog text, first sentence.
    pub dialog_necessary: &'static str,
    /// Dialog text before the list of optional categories.
    pub dialog_optional: &'static str,
    /// Dialog text before the number of months the choice is kept.
    pub dialog_kept_before: &'static str,
    /// Dialog text after the number of months.
    pub dialog_kept_after: &'static str,
    /// Separator between listed categories.
    pub list_separator: &'static str,
    /// Link to the policy.
    pub policy_link: &'static str,
    /// Link to the portal's privacy notice (Mexico: aviso de privacidad).
    pub privacy_link: &'static str,
    /// Label of the floating button that reopens the preferences.
    pub settings: &'static str,
    /// Button: accept every category.
    pub accept_all: &'static str,
    /// Button: refuse every optional category.
    pub reject_all: &'static str,
    /// Button: choose per category.
    pub customize: &'static str,
    /// A cookie that lives for the browser session.
    pub session: &'static str,
    /// Preferences layer title.
    pub prefs_title: &'static str,
    /// Preferences layer introduction.
    pub prefs_intro: &'static str,
    /// State of a necessary category.
    pub always_on: &'static str,
    /// Button: store the toggles as they are.
    pub save: &'static str,
    /// Label of the close button (closing grants nothing).
    pub close: &'static str,
    /// Summary of a category's cookie table.
    pub cookies_used: &'static str,
    /// Announced to screen readers after a decision.
    pub saved: &'static str,
    /// Shown when the browser's Global Privacy Control signal was honoured.
    pub gpc_note: &'static str,
    /// Placeholder of blocked embedded content, before the category title.
    pub blocked_before: &'static str,
    /// Placeholder text after the category title.
    pub blocked_after: &'static str,
    /// Placeholder button, before the category title.
    pub allow_before: &'static str,
    /// Placeholder button, after the category title.
    pub allow_after: &'static str,
    /// Units, singular and plural: minute, hour, day, week, month, year.
    pub units: [(&'static str, &'static str); 6],
}

#[cfg(not(any(one_language = "fr", one_language = "es")))]
static EN: Strings = Strings {
    policy_title: "Cookies policy",
    policy_intro: "In order to provide you with the best service possible, we use cookies to ensure it functions properly, and to perform web analytics.",
    what_heading: "What is a cookie?",
    what_text: "A cookie is a generally small piece of data identified by a name that may be sent to your browser by a website you are visiting. Your web browser will store it for a certain period of time, and will send it back to the web server each time you visit again. Cookies have many uses: they can be used to remember your customer log-in information for an online store, the current contents of your shopping cart, as an identifier for tracking your browsing for statistical or advertising purposes, etc.",
    kinds_intro: "Several types of cookies exist:",
    kinds: [
        "“Necessary” internal cookies allow information to be saved between two visits to the same website by the same device. They can save a shopping cart, log-in information, or interface preferences. They do not require the user’s consent.",
        "“Statistical” cookies make it possible to track an Internet user's actions on a website. When statistics are anonymized (meaning they cannot be traced back to a person), user consent is not required.",
        "“Internal” or “first-party” cookies are stored by the website visited. They can be stored in addition to the necessary cookies, and can be used to collect personal data, track user behavior, and for advertising purposes.",
        "“Third-party” cookies are cookies stored by (or for) a Website B (often an advertising agency) on Website A. This allows Website B to see what pages the user visited on Website A, and collect information about the user.",
    ],
    used_before: "What cookies are used on the ",
    used_after: " platform",
    columns: ["Service provider's name", "Function and location", "Cookie name(s)", "Purposes", "Duration"],
    dialog_title_before: "Cookies on ",
    dialog_title_after: "",
    dialog_necessary: "We use cookies that this platform needs in order to work.",
    dialog_optional: " With your consent, we would also like to use optional cookies: ",
    dialog_kept_before: ". Your choice is kept for ",
    dialog_kept_after: " months; you can change it at any time with “Cookie settings” at the bottom of every page.",
    list_separator: ", ",
    policy_link: "Read the cookie policy",
    privacy_link: "Privacy notice",
    settings: "Cookie settings",
    accept_all: "Accept all",
    reject_all: "Reject all",
    customize: "Customize",
    session: "Session",
    prefs_title: "Cookie preferences",
    prefs_intro: "Choose which optional cookies you allow. Necessary cookies are always on because the platform cannot work without them. Nothing optional is switched on until you save.",
    always_on: "Always on",
    save: "Save choices",
    close: "Close without saving",
    cookies_used: "Cookies in this category",
    saved: "Your cookie choice has been saved.",
    gpc_note: "Your browser sent a Global Privacy Control signal, so every optional cookie has been refused. You can still switch some on if you wish.",
    blocked_before: "This content is hidden because it uses cookies of the category “",
    blocked_after: "”, which you have not accepted.",
    allow_before: "Accept “",
    allow_after: "” and show it",
    units: [("minute", "minutes"), ("hour", "hours"), ("day", "days"), ("week", "weeks"), ("month", "months"), ("year", "years")],
};

#[cfg(not(any(one_language = "en", one_language = "es")))]
static FR: Strings = Strings {
    policy_title: "Politique relative aux cookies",
    policy_intro: "Afin de vous offrir le meilleur service possible, nous utilisons des cookies pour assurer le bon fonctionnement de la plateforme et pour en mesurer l’audience.",
    what_heading: "Qu’est-ce qu’un cookie\u{a0}?",
    what_text: "Un cookie est une donnée, généralement de petite taille et identifiée par un nom, que le site consulté peut transmettre à votre navigateur. Celui-ci la conserve pendant une durée déterminée et la renvoie au serveur du site à chacune de vos visites. Les cookies ont de multiples usages\u{a0}: mémoriser vos identifiants de connexion à une boutique en ligne ou le contenu de votre panier, servir d’identifiant pour suivre votre navigation à des fins statistiques ou publicitaires, etc.",
    kinds_intro: "On distingue plusieurs types de cookies\u{a0}:",
    kinds: [
        "Les cookies internes «\u{a0}nécessaires\u{a0}» permettent de conserver des informations entre deux visites d’un même site depuis un même appareil, par exemple un panier, des informations de connexion ou des préférences d’affichage. Ils ne requièrent pas le consentement de l’utilisateur.",
        "Les cookies «\u{a0}statistiques\u{a0}» permettent de suivre les actions d’un internaute sur un site. Lorsque les statistiques sont anonymisées, c’est-à-dire qu’elles ne peuvent être rattachées à aucune personne, le consentement de l’utilisateur n’est pas requis.",
        "Les cookies «\u{a0}internes\u{a0}» ou «\u{a0}propriétaires\u{a0}» sont déposés par le site consulté. Ils peuvent s’ajouter aux cookies nécessaires et servir à collecter des données personnelles, à suivre le comportement des utilisateurs ou à des fins publicitaires.",
        "Les cookies «\u{a0}tiers\u{a0}» sont déposés sur un site A par un site B, ou pour son compte (souvent une régie publicitaire). Le site B peut ainsi savoir quelles pages l’utilisateur a consultées sur le site A et recueillir des informations à son sujet.",
    ],
    used_before: "Cookies utilisés sur la plateforme ",
    used_after: "",
    columns: ["Nom du prestataire", "Fonction et emplacement", "Nom(s) du cookie", "Finalités", "Durée de conservation"],
    dialog_title_before: "Les cookies sur ",
    dialog_title_after: "",
    dialog_necessary: "Nous utilisons des cookies indispensables au fonctionnement de la plateforme.",
    dialog_optional: " Avec votre accord, nous souhaitons également utiliser des cookies facultatifs\u{a0}: ",
    dialog_kept_before: ". Votre choix est conservé ",
    dialog_kept_after: " mois\u{a0}; vous pouvez le modifier à tout moment grâce au lien «\u{a0}Paramètres des cookies\u{a0}» en bas de chaque page.",
    list_separator: ", ",
    policy_link: "Lire la politique relative aux cookies",
    privacy_link: "Politique de confidentialité",
    settings: "Paramètres des cookies",
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    customize: "Personnaliser",
    session: "Durée de la session",
    prefs_title: "Préférences en matière de cookies",
    prefs_intro: "Choisissez les cookies facultatifs que vous autorisez. Les cookies nécessaires restent toujours actifs, car la plateforme ne peut pas fonctionner sans eux. Aucun cookie facultatif n’est activé tant que vous n’avez pas enregistré votre choix.",
    always_on: "Toujours actifs",
    save: "Enregistrer mes choix",
    close: "Fermer sans enregistrer",
    cookies_used: "Cookies de cette catégorie",
    saved: "Votre choix en matière de cookies a été enregistré.",
    gpc_note: "Votre navigateur a transmis un signal Global Privacy Control\u{a0}: tous les cookies facultatifs ont donc été refusés. Vous pouvez toutefois en activer certains si vous le souhaitez.",
    blocked_before: "Ce contenu est masqué, car il utilise des cookies de la catégorie «\u{a0}",
    blocked_after: "\u{a0}», que vous n’avez pas acceptée.",
    allow_before: "Accepter «\u{a0}",
    allow_after: "\u{a0}» et afficher le contenu",
    units: [("minute", "minutes"), ("heure", "heures"), ("jour", "jours"), ("semaine", "semaines"), ("mois", "mois"), ("an", "ans")],
};

#[cfg(not(any(one_language = "en", one_language = "fr")))]
static ES: Strings = Strings {
    policy_title: "Política de cookies",
    policy_intro: "Para ofrecerle el mejor servicio posible, utilizamos cookies que garantizan el buen funcionamiento de la plataforma y nos permiten realizar análisis web.",
    what_heading: "¿Qué es una cookie?",
    what_text: "Una cookie es un pequeño conjunto de datos, identificado por un nombre, que el sitio web que usted visita puede enviar a su navegador. El navegador lo guarda durante cierto tiempo y lo devuelve al servidor web cada vez que usted regresa. Las cookies tienen muchos usos: recordar sus datos de inicio de sesión en una tienda en línea o el contenido de su carrito de compras, servir de identificador para seguir su navegación con fines estadísticos o publicitarios, entre otros.",
    kinds_intro: "Existen varios tipos de cookies:",
    kinds: [
        "Las cookies internas «necesarias» permiten conservar información entre dos visitas al mismo sitio web desde el mismo dispositivo, como un carrito de compras, datos de inicio de sesión o preferencias de la interfaz. No requieren el consentimiento del usuario.",
        "Las cookies «estadísticas» permiten seguir las acciones de un usuario en un sitio web. Cuando las estadísticas son anónimas (es decir, no pueden vincularse con una persona), no se requiere el consentimiento del usuario.",
        "Las cookies «internas» o «propias» las almacena el sitio web visitado. Pueden sumarse a las cookies necesarias y utilizarse para recabar datos personales, seguir el comportamiento del usuario o con fines publicitarios.",
        "Las cookies «de terceros» las almacena un sitio web B (a menudo una agencia de publicidad), o se almacenan en su nombre, en un sitio web A. Así, el sitio B puede saber qué páginas visitó el usuario en el sitio A y recabar información sobre él.",
    ],
    used_before: "¿Qué cookies se utilizan en la plataforma ",
    used_after: "?",
    columns: ["Proveedor del servicio", "Función y ubicación", "Nombre(s) de la cookie", "Finalidades", "Duración"],
    dialog_title_before: "Cookies en ",
    dialog_title_after: "",
    dialog_necessary: "Utilizamos cookies necesarias para el funcionamiento de la plataforma.",
    dialog_optional: " Con su consentimiento, también quisiéramos usar cookies opcionales: ",
    dialog_kept_before: ". Su elección se conserva durante ",
    dialog_kept_after: " meses y puede cambiarla en cualquier momento desde «Configuración de cookies», al pie de cada página.",
    list_separator: ", ",
    policy_link: "Consultar la política de cookies",
    privacy_link: "Aviso de privacidad",
    settings: "Configuración de cookies",
    accept_all: "Aceptar todas",
    reject_all: "Rechazar todas",
    customize: "Personalizar",
    session: "Duración de la sesión",
    prefs_title: "Preferencias de cookies",
    prefs_intro: "Elija qué cookies opcionales permite. Las cookies necesarias siempre están activas, porque la plataforma no puede funcionar sin ellas. No se activa ninguna cookie opcional hasta que guarde su elección.",
    always_on: "Siempre activas",
    save: "Guardar mi elección",
    close: "Cerrar sin guardar",
    cookies_used: "Cookies de esta categoría",
    saved: "Se guardó su elección sobre las cookies.",
    gpc_note: "Su navegador envió una señal de Global Privacy Control, por lo que se rechazaron todas las cookies opcionales. Aun así, puede activar algunas si lo desea.",
    blocked_before: "Este contenido está oculto porque utiliza cookies de la categoría «",
    blocked_after: "», que usted no ha aceptado.",
    allow_before: "Aceptar «",
    allow_after: "» y mostrar el contenido",
    units: [("minuto", "minutos"), ("hora", "horas"), ("día", "días"), ("semana", "semanas"), ("mes", "meses"), ("año", "años")],
};
