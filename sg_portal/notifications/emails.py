PURPOSES = {
    "notifications.immediate": "Notification",
    "notifications.digest": "Récapitulatif quotidien des notifications",
}
